import { inTransaction, type Db } from '../client/transactions.js';
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
  /**
   * Runs `work` with repositories bound to one transaction: everything it writes commits together, or nothing
   * does. Inside a transaction already, `work` joins it.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}

export interface RepositoryOptions {
  /** Store checkpoint bytes here instead of inline in the database. */
  readonly checkpointStore?: CheckpointBlobStore;
  /** Applied to every training config stored with a run or a schedule (pass the engine's parseTrainingConfig). */
  readonly validateConfig?: ConfigValidator;
}

export function createRepositories(prisma: Db, options: RepositoryOptions = {}): Repositories {
  const checkpoints = new CheckpointsRepository(prisma, options.checkpointStore);
  const repositories: Repositories = {
    datasets: new DatasetsRepository(prisma),
    runs: new RunsRepository(prisma, options.validateConfig),
    metrics: new MetricsRepository(prisma),
    checkpoints,
    models: new ModelsRepository(prisma, checkpoints),
    schedules: new SchedulesRepository(prisma, options.validateConfig),
    workers: new WorkersRepository(prisma),
    apiKeys: new ApiKeysRepository(prisma),
    transaction: (work) => inTransaction(prisma, (tx) => work(tx === prisma ? repositories : createRepositories(tx, options))),
  };
  return repositories;
}
