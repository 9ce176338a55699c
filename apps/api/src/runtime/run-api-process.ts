import path from 'node:path';
import { createPgBossJobQueue } from '@hsic/jobs';
import { openDatabase, workspaceRoot } from '@hsic/persistence';
import type { ServingLimits } from '@hsic/serving';
import type { ApiEnv } from '../config/api-env.js';
import { startApiServer } from './api-server.js';
import { consoleLogger } from './console-logger.js';
import { ensureFirstRun } from './first-run.js';
import { onShutdownSignal } from './shutdown.js';
import { superviseWorker, type WorkerSupervisor } from './worker-supervisor.js';

/** The limits the environment sets (unset ones keep the serving defaults). */
function servingLimitsFrom(env: ApiEnv): Partial<ServingLimits> {
  const limits: { -readonly [K in keyof ServingLimits]?: number } = {};
  if (env.HSIC_MAX_UPLOAD_BYTES !== undefined) limits.maxImageBytes = env.HSIC_MAX_UPLOAD_BYTES;
  if (env.HSIC_MAX_UPLOAD_FILES !== undefined) limits.maxImages = env.HSIC_MAX_UPLOAD_FILES;
  if (env.HSIC_MAX_JSON_BODY_BYTES !== undefined) limits.maxJsonBodyBytes = env.HSIC_MAX_JSON_BODY_BYTES;
  return limits;
}

export const workerEntry = () => path.join(workspaceRoot(), 'apps', 'worker', 'dist', 'main.js');

/**
 * HSIC_ROLE=api: the API on DATABASE_URL (or the embedded database). HSIC_ROLE=all (`npm start`): the same,
 * plus one worker child process on this database, and a first training run when there is no model yet.
 */
export async function runApiProcess(env: ApiEnv, options: { readonly withWorker: boolean }): Promise<void> {
  const log = consoleLogger('api');
  const database = await openDatabase({ log: (message) => log.info(message) });
  log.info(database.embedded ? `embedded database at ${database.url}` : 'database: DATABASE_URL');
  const jobs = await createPgBossJobQueue({ url: database.url, instanceName: 'hsic-api', onError: (error) => log.error('job queue', error) });
  const api = await startApiServer({
    database,
    jobs,
    port: env.PORT,
    log,
    limits: servingLimitsFrom(env),
  });
  log.info(`listening on port ${api.port} (GraphQL /graphql, serving /v1/models, health /v2/health, metrics /metrics)`);

  let worker: WorkerSupervisor | null = null;
  if (options.withWorker) {
    worker = superviseWorker({ entry: workerEntry(), env: { ...process.env, DATABASE_URL: database.url, HSIC_ROLE: 'worker' }, log });
    await ensureFirstRun(api.repos, api.runs, log);
  }

  onShutdownSignal(log, async () => {
    await api.close(); // stop accepting, drain in-flight requests
    await worker?.stop(); // before the database: the worker checkpoints into it
    await jobs.stop({ timeoutMs: 10_000 });
    await database.close();
  });
}
