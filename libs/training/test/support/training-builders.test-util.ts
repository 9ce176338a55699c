// Builders for tiny training configs and runs, and the metric rows a config must produce.
import type { JsonObject, RunKind } from '@hsic/contracts';
import { parseTrainingConfig, type TrainingConfigInput } from '@hsic/engine';
import { expectedMetricKeys as expectedMetricKeysOf, metricKey } from '../../src/expected-metrics.js';
import type { Repositories } from '@hsic/persistence';

type Sections = Pick<TrainingConfigInput, 'hsic' | 'format' | 'backprop'>;

/**
 * A run that trains in about a second on mnist-10k: 256 training images (4 HSIC batches of 64, 2 readout
 * batches of 128), 128 test images, an MLP of 3 blocks. Pass a section as null to leave it out.
 */
export function tinyConfig(overrides: { [K in keyof Sections]?: Partial<NonNullable<Sections[K]>> | null } & { hiddenWidth?: number; lastWidth?: number } = {}): JsonObject {
  const section = <T extends object>(base: T, override: Partial<T> | null | undefined) =>
    override === null ? undefined : { ...base, ...(override ?? {}) };
  const config: TrainingConfigInput = {
    data: { dataset: 'mnist-10k', limitTrain: 256, limitTest: 128 },
    model: { kind: 'mlp', hiddenWidth: overrides.hiddenWidth ?? 16, hiddenLayers: 1, lastWidth: overrides.lastWidth ?? 16, activation: 'relu', init: 'pytorch' },
    hsic: section({ epochs: 2, batchSize: 64, learningRate: 5e-3, sigma: 5, beta: 50 }, overrides.hsic),
    format: section({ epochs: 2, batchSize: 128, learningRate: 0.1 }, overrides.format),
    backprop: section({ epochs: 2, batchSize: 128, learningRate: 0.1 }, overrides.backprop),
  };
  return JSON.parse(JSON.stringify(config)) as JsonObject;
}

export function createRun(repos: Repositories, config: JsonObject, options: { kind?: RunKind; modelName?: string; sourceRunId?: string } = {}) {
  return repos.runs.create({
    kind: options.kind ?? 'PIPELINE',
    datasetName: 'mnist-10k',
    config,
    modelName: options.modelName ?? null,
    sourceRunId: options.sourceRunId ?? null,
  });
}

export { metricKey };

/** Every metric key a complete run of `config` (with data.limitTrain set) writes, for the phases given. */
export function expectedMetricKeys(configJson: JsonObject, phases: readonly ('hsic' | 'format' | 'backprop')[]): string[] {
  const config = parseTrainingConfig(configJson);
  return expectedMetricKeysOf(config, phases, config.data.limitTrain as number);
}
