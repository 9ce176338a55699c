import { defaultDataRoot } from '@hsic/data';
import { backendOptionsFrom } from '@hsic/engine';
import { createPgBossJobQueue } from '@hsic/jobs';
import { databaseOptionsFrom, openDatabase } from '@hsic/persistence';
import type { ServingLimits } from '@hsic/serving';
import type { ApiEnv } from '../config/api-env.js';
import { startApiServer } from './api-server.js';
import { consoleLogger } from './console-logger.js';
import { ensureFirstRun } from './first-run.js';
import { onShutdownSignal } from './shutdown.js';
import { superviseChild, type ChildSupervisor } from './child-supervisor.js';
import { startDashboard } from './dashboard-process.js';
import { ensureAdminKey, issueLocalDashboardKey } from '../access/bootstrap-keys.js';
import { localDashboardOrigins } from '../http/cors.js';

/** The limits the environment sets (unset ones keep the serving defaults). */
function servingLimitsFrom(env: ApiEnv): Partial<ServingLimits> {
  const limits: { -readonly [K in keyof ServingLimits]?: number } = {};
  if (env.HSIC_MAX_UPLOAD_BYTES !== undefined) limits.maxImageBytes = env.HSIC_MAX_UPLOAD_BYTES;
  if (env.HSIC_MAX_UPLOAD_FILES !== undefined) limits.maxImages = env.HSIC_MAX_UPLOAD_FILES;
  if (env.HSIC_MAX_JSON_BODY_BYTES !== undefined) limits.maxJsonBodyBytes = env.HSIC_MAX_JSON_BODY_BYTES;
  if (env.HSIC_MAX_PENDING_PREDICTIONS !== undefined) limits.maxPendingRequests = env.HSIC_MAX_PENDING_PREDICTIONS;
  if (env.HSIC_MAX_CONCURRENT_DECODES !== undefined) limits.maxConcurrentDecodes = env.HSIC_MAX_CONCURRENT_DECODES;
  return limits;
}

/** The worker child runs this same program as HSIC_ROLE=worker (the worker's process lives in @hsic/training). */
const workerEntry = () => process.argv[1];

/**
 * HSIC_ROLE=api: the API on DATABASE_URL (or the embedded database). HSIC_ROLE=all (`npm start`): the same,
 * plus one worker child process on this database, the dashboard (unless HSIC_NO_DASHBOARD=true), and a first
 * training run when there is no model yet.
 */
export async function runApiProcess(env: ApiEnv, options: { readonly withWorker: boolean }): Promise<void> {
  const log = consoleLogger('api');
  const database = await openDatabase({ ...databaseOptionsFrom(env), log: (message) => log.info(message) });
  log.info(database.embedded ? `embedded database at ${database.url}` : 'database: DATABASE_URL');
  const jobs = await createPgBossJobQueue({ url: database.url, instanceName: 'hsic-api', onError: (error) => log.error('job queue', error) });
  const api = await startApiServer({
    database,
    jobs,
    port: env.PORT,
    log,
    limits: servingLimitsFrom(env),
    corsOrigins: env.HSIC_CORS_ORIGINS ?? localDashboardOrigins(env.DASHBOARD_PORT),
    progressPollMs: env.HSIC_PROGRESS_POLL_MS,
    requireKeyForReads: env.HSIC_REQUIRE_KEY_FOR_READS,
    workerMemoryMegabytes: env.HSIC_WORKER_MEMORY_MB,
    production: env.NODE_ENV === 'production',
    rateLimitPerSecond: env.HSIC_RATE_LIMIT_PER_SECOND,
    requestTimeoutMs: env.HSIC_REQUEST_TIMEOUT_MS,
    backend: backendOptionsFrom(env),
    dataRoot: defaultDataRoot(env),
    queryLimits: {
      ...(env.HSIC_GRAPHQL_MAX_COST === undefined ? {} : { maxCost: env.HSIC_GRAPHQL_MAX_COST }),
      ...(env.HSIC_GRAPHQL_MAX_DEPTH === undefined ? {} : { maxDepth: env.HSIC_GRAPHQL_MAX_DEPTH }),
      ...(env.HSIC_GRAPHQL_MAX_ALIASES === undefined ? {} : { maxAliases: env.HSIC_GRAPHQL_MAX_ALIASES }),
    },
  });
  await ensureAdminKey(api.repos, env.HSIC_ADMIN_KEY, log);
  log.info(`listening on port ${api.port} (GraphQL /graphql, serving /v1/models, health /v2/health, metrics /metrics)`);

  let worker: ChildSupervisor | null = null;
  let dashboard: ChildSupervisor | null = null;
  if (options.withWorker) {
    worker = superviseChild({ name: 'worker', entry: workerEntry(), env: { ...process.env, DATABASE_URL: database.url, HSIC_ROLE: 'worker', HSIC_WORKER_CPU_PRIORITY: env.HSIC_WORKER_CPU_PRIORITY }, niceness: env.HSIC_WORKER_NICENESS, log });
    if (!env.HSIC_NO_DASHBOARD) {
      const apiKey = await issueLocalDashboardKey(api.repos);
      dashboard = startDashboard({ port: env.DASHBOARD_PORT, apiUrl: `http://127.0.0.1:${api.port}`, apiKey, log });
    }
    await ensureFirstRun(api.repos, api.runs, log);
    log.info(`API:       http://localhost:${api.port}/graphql`);
    if (dashboard) log.info(`dashboard: http://localhost:${env.DASHBOARD_PORT}`);
  }

  onShutdownSignal(log, async () => {
    await dashboard?.stop(); // first: it only talks to this API
    await api.close(); // stop accepting, drain in-flight requests
    await worker?.stop(); // before the database: the worker checkpoints into it
    await jobs.stop({ timeoutMs: 10_000 });
    await database.close();
  });
}
