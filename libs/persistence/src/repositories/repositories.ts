import type { DbClient } from '../client/prisma-client.js';
import { ApiKeysRepository } from './api-keys-repository.js';
import type { CheckpointBlobStore } from './checkpoint-store.js';
import { CheckpointsRepository } from './checkpoints-repository.js';
import { DatasetsRepository } from './datasets-repository.js';
import { MetricsRepository } from './metrics-repository.js';
import { ModelsRepository } from './models-repository.js';
import { RunsRepository, type ConfigValidator } from './runs-repository.js';
import { SchedulesRepository } from './schedules-repository.js';
import { WorkersRepository } from './workers-repository.js';

export interface Repositories {
  readonly datasets: DatasetsRepository;
  readonly runs: RunsRepository;
  readonly metrics: MetricsRepository;
  readonly checkpoints: CheckpointsRepository;
  readonly models: ModelsRepository;
  readonly schedules: SchedulesRepository;
  readonly workers: WorkersRepository;
  readonly apiKeys: ApiKeysRepository;
}

export interface RepositoryOptions {
  /** Store checkpoint bytes here instead of inline in the database. */
  readonly checkpointStore?: CheckpointBlobStore;
  /** Applied to every training config stored with a run or a schedule (pass the engine's parseTrainingConfig). */
  readonly validateConfig?: ConfigValidator;
}

export function createRepositories(prisma: DbClient, options: RepositoryOptions = {}): Repositories {
  const checkpoints = new CheckpointsRepository(prisma, options.checkpointStore);
  return {
    datasets: new DatasetsRepository(prisma),
    runs: new RunsRepository(prisma, options.validateConfig),
    metrics: new MetricsRepository(prisma),
    checkpoints,
    models: new ModelsRepository(prisma, checkpoints),
    schedules: new SchedulesRepository(prisma, options.validateConfig),
    workers: new WorkersRepository(prisma),
    apiKeys: new ApiKeysRepository(prisma),
  };
}
