// The API as `HSIC_ROLE=all` runs it, in this test process: the real HTTP server on a free port over a
// throw-away database, pg-boss on that database, and a training worker (the worker app's TrainingWorker)
// on its own queue connection, as a separate worker process would be. The API's job queue runs on a
// ManualClock, so a test fires a schedule's cron tick by moving the clock, through the path a real tick takes.
import { issueApiKey } from '@hsic/access';
import { initBackend, parseTrainingConfig } from '@hsic/engine';
import { createPgBossJobQueue, ManualClock, type PgBossJobQueue } from '@hsic/jobs';
import { createRepositories } from '@hsic/persistence';
import type { ServingLimits } from '@hsic/serving';
import { TrainingWorker } from '@hsic/training';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../apps/api/src/runtime/api-server.js';
import { silentLogger } from '../../apps/api/src/runtime/console-logger.js';
import { openTestDatabase, type TestDatabase, type TestTarget } from '../../libs/persistence/test/test-database.test-util.js';

export interface ApiHarness {
  readonly api: ApiServer;
  /** An ADMIN key made for the tests (mutations need keys). */
  readonly adminKey: string;
  readonly clock: ManualClock;
  /** What the worker logged (shown when a test fails). */
  readonly workerLog: string[];
  /** What the API logged as errors (a test can assert there were none). */
  readonly apiErrors: string[];
  /** Another API process on the same database and queue, with other options (closed with the harness). */
  startAnotherApi(options: Partial<ApiServerOptions>): Promise<ApiServer>;
  close(): Promise<void>;
}

export async function startApiHarness(target: TestTarget, limits: Partial<ServingLimits>): Promise<ApiHarness> {
  // Undone in reverse order, also when a later step fails (a half-started harness must not keep pollers alive).
  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const database: TestDatabase = await openTestDatabase(target);
    cleanups.push(() => database.dispose());
    const { db } = database;
    const clock = new ManualClock(new Date());
    const apiJobs: PgBossJobQueue = await createPgBossJobQueue({ url: db.url, instanceName: 'e2e-api', clock, pollingIntervalSeconds: 0.5 });
    cleanups.push(() => apiJobs.stop({ timeoutMs: 5_000 }));
    const apiErrors: string[] = [];
    const api = await startApiServer({
      database: db,
      jobs: apiJobs,
      port: 0,
      host: '127.0.0.1',
      limits,
      log: { ...silentLogger, error: (message, error) => apiErrors.push(`${message}: ${error instanceof Error ? error.stack : String(error)}`) },
      scheduleSyncIntervalMs: 0,
      progressPollMs: 250,
    });

    const workerLog: string[] = [];
    const backend = await initBackend({ logger: (line) => workerLog.push(line) });
    const workerJobs = await createPgBossJobQueue({ url: db.url, instanceName: 'e2e-worker', supervise: false, pollingIntervalSeconds: 0.5 });
    const worker = await TrainingWorker.start({
      repos: createRepositories(db.prisma, { validateConfig: (config) => parseTrainingConfig(config) }),
      queue: workerJobs,
      workerId: `e2e-worker-${target}`,
      backend: backend.name,
      log: (line) => workerLog.push(line),
      scheduleSyncIntervalMs: 0, // only the API registers schedules here: its clock decides when ticks fire
      orphanCheckIntervalMs: 0,
      monitorIntervalMs: 500,
      metricFlushMs: 200,
    });
    cleanups.push(() => worker.stop({ drainTimeoutMs: 5_000 }));
    cleanups.push(() => api.close()); // first out: no requests while the rest stops
    const { secret: adminKey } = await issueApiKey(api.repos.apiKeys, { name: `e2e admin ${target}`, role: 'ADMIN', createdBy: 'test' });
    const startAnotherApi = async (more: Partial<ApiServerOptions>) => {
      const another = await startApiServer({ database: db, jobs: apiJobs, port: 0, host: '127.0.0.1', limits, log: silentLogger, scheduleSyncIntervalMs: 0, progressPollMs: 250, ...more });
      cleanups.push(() => another.close());
      return another;
    };
    return { api, adminKey, clock, workerLog, apiErrors, startAnotherApi, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
