import type { ResourceBudget } from '@hsic/engine';
import type { JobQueue } from '@hsic/jobs';
import type { ApiAccess } from './access/api-access.js';
import type { QueryLimits } from './graphql/limits/query-limits.js';
import type { Repositories } from '@hsic/persistence';
import type { DatasetSamples } from '@hsic/data';
import type { ModelServer } from '@hsic/serving';
import type { ApiMetrics } from './observability/api-metrics.js';
import type { Readiness } from './observability/readiness.js';
import type { ApiLogger } from './observability/api-logger.js';
import type { TrainingIntegration } from './training/training-integration.js';

/**
 * What the Nest modules are built from. Created outside Nest (runtime/api-server.ts) so that the process,
 * or a test, decides which database, queue and clock are used.
 */
export interface ApiDependencies {
  readonly repos: Repositories;
  /** For the few aggregate queries the repositories do not offer (counts). */
  readonly jobs: JobQueue;
  readonly training: TrainingIntegration;
  readonly modelServer: ModelServer;
  /** Told when a model's versions or aliases change through this process (drops cached resolutions). */
  readonly modelRegistryEvents: ModelRegistryEvents;
  readonly metrics: ApiMetrics;
  readonly readiness: Readiness;
  readonly log: ApiLogger;
  /** Polling period of runProgress subscriptions. */
  readonly progressPollMs: number;
  readonly process: ApiProcessInfo;
  /** Keys and roles: who may call what. */
  readonly access: ApiAccess;
  /** What one run may use on a worker: runs that need more are refused before they are stored. */
  readonly runBudget: ResourceBudget;
  /** What one GraphQL operation may ask for. */
  readonly limits: QueryLimits;
  /** NODE_ENV=production: no introspection. */
  readonly production: boolean;
  /** Test images of the datasets (the dashboard's "pick a sample"). */
  readonly samples: DatasetSamples;
}

/** What the operations query tells about this process. */
export interface ApiProcessInfo {
  readonly startedAt: Date;
  readonly backend: string;
  readonly embeddedDatabase: boolean;
}

export interface ModelRegistryEvents {
  modelChanged(name: string): void;
}


// Nest injection tokens (the dependencies are interfaces, so they cannot be their own tokens).
export const REPOSITORIES = Symbol('REPOSITORIES');
export const JOB_QUEUE = Symbol('JOB_QUEUE');
export const TRAINING = Symbol('TRAINING');
export const MODEL_SERVER = Symbol('MODEL_SERVER');
export const MODEL_REGISTRY_EVENTS = Symbol('MODEL_REGISTRY_EVENTS');
export const API_METRICS = Symbol('API_METRICS');
export const READINESS = Symbol('READINESS');
export const API_LOGGER = Symbol('API_LOGGER');
export const PROGRESS_POLL_MS = Symbol('PROGRESS_POLL_MS');
export const API_PROCESS = Symbol('API_PROCESS');
export const API_ACCESS = Symbol('API_ACCESS');
export const RUN_BUDGET = Symbol('RUN_BUDGET');
export const DATASET_SAMPLES = Symbol('DATASET_SAMPLES');
