import { hostname } from 'node:os';
import { z } from 'zod';

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
  /** How long a batch's metric rows may wait before they are written (watchers see an epoch fill up). */
  HSIC_METRIC_FLUSH_MS: z.preprocess(
    emptyAsUnset,
    z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(0, 'must be 0 or more').max(60_000, 'must be at most 60000').optional(),
  ),
});

export interface WorkerEnv {
  readonly databaseUrl: string;
  readonly workerId: string;
  /** Unset: the run executor's default (1 s). */
  readonly metricFlushMs?: number;
}

export class WorkerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerConfigError';
  }
}

/**
 * The worker's settings from the environment; throws WorkerConfigError naming each bad variable (never its
 * value: a DATABASE_URL carries a password). HSIC_BACKEND and HSIC_WASM_THREADS are read by the engine.
 */
export function loadWorkerEnv(env: NodeJS.ProcessEnv, host: () => string = hostname): WorkerEnv {
  const parsed = workerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new WorkerConfigError(`the worker cannot start: ${problems.join('; ')}`);
  }
  const { DATABASE_URL: databaseUrl, HSIC_WORKER_ID: workerId, HSIC_METRIC_FLUSH_MS: metricFlushMs } = parsed.data;
  return { databaseUrl, workerId: workerId ?? `${host()}:${process.pid}`, ...(metricFlushMs === undefined ? {} : { metricFlushMs }) };
}
