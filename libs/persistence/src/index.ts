// Public API of @hsic/persistence: the database (real PostgreSQL or embedded PGlite), its migrations, and one
// repository per aggregate. Callers get contract types (@hsic/contracts), not Prisma's.
export { openDatabase, type Database, type OpenDatabaseOptions } from './open-database.js';
export { createPrismaClient } from './client/prisma-client.js';
export { EMBEDDED_THREAD_NICENESS, startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded/embedded-postgres.js';
export {
  applyMigrations,
  migrationChecksum,
  type ApplyMigrationsOptions,
  type ApplyMigrationsResult,
} from './migrations/apply-migrations.js';
export { defaultEmbeddedDataDir, defaultMigrationsDir, workspaceRoot } from './paths.js';
export { databaseEnvFields, databaseOptionsFrom, loadDatabaseEnv, type DatabaseEnv } from './database-env.js';
export * from './errors.js';

export { createRepositories, type Repositories, type RepositoryOptions } from './repositories/repositories.js';
export { DatasetsRepository, type DatasetDescriptor } from './repositories/datasets-repository.js';
export {
  acceptAnyConfig,
  fenceOf,
  RunsRepository,
  type CancelOutcome,
  type ConfigValidator,
  type CreateRunInput,
  type CreateTickRunInput,
  type IdempotentRunInput,
  type HeartbeatResult,
  type MoveOptions,
  type StartRunInput,
} from './repositories/runs-repository.js';
export { MetricsRepository } from './repositories/metrics-repository.js';
export {
  CheckpointsRepository,
  sha256Hex,
  type RunSnapshot,
  type SaveCheckpointInput,
  type StoredCheckpoint,
} from './repositories/checkpoints-repository.js';
export { FileCheckpointStore, type CheckpointBlobStore } from './repositories/checkpoint-store.js';
export { ModelsRepository, type AddVersionInput, type ResolvedModel } from './repositories/models-repository.js';
export { aliasVersionStack, rollbackTarget, type AliasMove } from './repositories/alias-history.js';
export { SchedulesRepository, type RecordDecisionInput } from './repositories/schedules-repository.js';
export { WorkersRepository } from './repositories/workers-repository.js';
export { ApiKeysRepository, type NewApiKey } from './repositories/api-keys-repository.js';
