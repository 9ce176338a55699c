// Builders for model-registry and schedule state a test starts from.
import { randomBytes } from 'node:crypto';
import type { JsonObject, ModelVersion, Schedule } from '@hsic/contracts';
import type { Repositories } from '@hsic/persistence';
import { tinyConfig } from './training-builders.test-util.js';

/**
 * A model whose 'production' alias points at a version with the given recorded test accuracy (0.0 loses
 * to any candidate, 1.0 beats every one). The bytes are never read by the gate.
 */
export async function seedProductionVersion(repos: Repositories, modelName: string, testAccuracy: number): Promise<ModelVersion> {
  const checkpoint = await seedCheckpoint(repos);
  const version = await repos.models.addVersion({ modelName, checkpointId: checkpoint.id, kind: 'format', testAccuracy, datasetName: 'mnist-10k' });
  await repos.models.setAlias(modelName, 'production', version.version, 'promote');
  return version;
}

/** A finished model's checkpoint with no run (random bytes: nothing reads them). */
export const seedCheckpoint = (repos: Repositories) => repos.checkpoints.saveFinal({ runId: null, role: 'hsic', phase: 'format', bytes: randomBytes(64) });

export function createSchedule(
  repos: Repositories,
  name: string,
  options: { modelName?: string; cron?: string; config?: JsonObject; enabled?: boolean; datasetName?: string } = {},
): Promise<Schedule> {
  return repos.schedules.create({
    name,
    cron: options.cron ?? '0 3 * * *',
    datasetName: options.datasetName ?? 'mnist-10k',
    config: options.config ?? tinyConfig({ backprop: null }),
    modelName: options.modelName ?? name,
    enabled: options.enabled ?? true,
  });
}

/** 03:00 UTC on successive days: ticks of the default cron. */
export const tickOn = (day: number): Date => new Date(Date.UTC(2026, 10, day, 3, 0, 0));
