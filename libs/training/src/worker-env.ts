import { hostname } from 'node:os';
import { dataEnvFields, defaultDataRoot } from '@hsic/data';
import { backendEnvFields, backendOptionsFrom, type BackendChoice } from '@hsic/engine';
import { databaseEnvFields } from '@hsic/persistence';
import { z } from 'zod';
import { WORKER_CPU_PRIORITIES, type WorkerCpuPriority } from './idle-priority.js';

const emptyAsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const isPostgresUrl = (value: string) => {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

const workerEnvSchema = z.object({
  // A worker with its own embedded database would train runs nobody sees: a real server is required.
  DATABASE_URL: z.preprocess(
    emptyAsUnset,
    z
      .string({ error: 'is required: the PostgreSQL database the API uses (postgresql://USER:PASSWORD@HOST:5432/DB)' })
      .refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL'),
  ),
  /** Recorded on the runs this worker trains; default <hostname>:<pid>. */
  HSIC_WORKER_ID: z.preprocess(emptyAsUnset, z.string().trim().max(200).optional()),
  /** Memory one run may use on this worker, in MiB; runs that need more are failed before they train. */
  HSIC_WORKER_MEMORY_MB: z.preprocess(
    emptyAsUnset,
    z.coerce.number({ error: 'must be a number of MiB' }).int('must be a whole number of MiB').min(64, 'must be at least 64').max(16 * 1024 * 1024).optional(),
  ),
  HSIC_DB_POOL_MAX: databaseEnvFields.HSIC_DB_POOL_MAX,
  HSIC_DB_STATEMENT_TIMEOUT_MS: databaseEnvFields.HSIC_DB_STATEMENT_TIMEOUT_MS,
  /** How long a batch's metric rows may wait before they are written (watchers see an epoch fill up). */
  HSIC_METRIC_FLUSH_MS: z.preprocess(
    emptyAsUnset,
    z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(0, 'must be 0 or more').max(60_000, 'must be at most 60000').optional(),
  ),
  /** idle: train only on CPU time nothing else on the machine wants (Linux SCHED_IDLE), e.g. next to the API. */
  HSIC_WORKER_CPU_PRIORITY: z.preprocess(emptyAsUnset, z.enum(WORKER_CPU_PRIORITIES).default('normal')),
  ...backendEnvFields,
  ...dataEnvFields,
});

export interface WorkerEnv {
  readonly databaseUrl: string;
  readonly workerId: string;
  /** HSIC_WORKER_CPU_PRIORITY (default normal). */
  readonly cpuPriority: WorkerCpuPriority;
  /** Unset: the run executor's default (1 s). */
  readonly metricFlushMs?: number;
  /** Unset: 70 % of the machine's memory (and the wasm heap on wasm). */
  readonly memoryMegabytes?: number;
  /** The database connection's pool size and statement timeout (HSIC_DB_POOL_MAX, HSIC_DB_STATEMENT_TIMEOUT_MS). */
  readonly poolMax?: number;
  readonly statementTimeoutMs?: number;
  /** HSIC_BACKEND and HSIC_WASM_THREADS, as initBackend takes them. */
  readonly backend: BackendChoice;
  /** Where datasets live: HSIC_DATA_DIR, else the XDG cache. */
  readonly dataRoot: string;
}

export class WorkerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerConfigError';
  }
}

/**
 * The worker's settings from the environment; throws WorkerConfigError naming each bad variable (never its
 * value: a DATABASE_URL carries a password).
 */
export function loadWorkerEnv(env: NodeJS.ProcessEnv, host: () => string = hostname): WorkerEnv {
  const parsed = workerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new WorkerConfigError(`the worker cannot start: ${problems.join('; ')}`);
  }
  const {
    DATABASE_URL: databaseUrl, HSIC_WORKER_ID: workerId, HSIC_METRIC_FLUSH_MS: metricFlushMs, HSIC_WORKER_MEMORY_MB: memoryMegabytes,
    HSIC_DB_POOL_MAX: poolMax, HSIC_DB_STATEMENT_TIMEOUT_MS: statementTimeoutMs, HSIC_WORKER_CPU_PRIORITY: cpuPriority,
  } = parsed.data;
  return {
    databaseUrl,
    workerId: workerId ?? `${host()}:${process.pid}`,
    cpuPriority,
    backend: backendOptionsFrom(parsed.data),
    dataRoot: defaultDataRoot(parsed.data),
    ...(metricFlushMs === undefined ? {} : { metricFlushMs }),
    ...(memoryMegabytes === undefined ? {} : { memoryMegabytes }),
    ...(poolMax === undefined ? {} : { poolMax }),
    ...(statementTimeoutMs === undefined ? {} : { statementTimeoutMs }),
  };
}
