// The training worker's process: takes runs from the job queue, one at a time, and trains them. The worker app
// (apps/worker) and the API started with HSIC_ROLE=worker both run it.
// Its environment is read once, at start, by worker-env.ts (every variable it takes is listed there).
// SIGTERM/SIGINT: stop taking runs, let the current run reach its next checkpoint, hand it back to the queue
// (another worker resumes it), close the database, exit 0. A second signal stops the run at once.
import { totalmem } from 'node:os';
import { defaultMemoryBudget, initBackend, parseTrainingConfig, type BackendInfo } from '@hsic/engine';
import { createPgBossJobQueue } from '@hsic/jobs';
import { createRepositories, openDatabase } from '@hsic/persistence';
import { runAtIdlePriority } from './idle-priority.js';
import { TrainingWorker } from './training-worker.js';
import { loadWorkerEnv, WorkerConfigError } from './worker-env.js';

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

function describeBackend(backend: BackendInfo): string {
  const device = backend.name === 'tensorflow-gpu' ? 'GPU' : 'CPU';
  const simd = backend.simd === null ? '' : backend.simd ? ', SIMD' : ', no SIMD';
  return `${backend.name} (${device}, ${backend.version}, ${backend.threads} thread${backend.threads === 1 ? '' : 's'}${simd})`;
}

/** pg-boss passes Errors and plain objects ({ message, … }); `[object Object]` helps nobody. */
function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message;
  return typeof error === 'object' && error !== null ? JSON.stringify(error) : String(error);
}

/** Runs the worker until a signal stops it; exits the process when it is done (or cannot go on). */
export async function runWorkerProcess(): Promise<void> {
  const env = loadWorkerEnv(process.env);
  if (env.cpuPriority === 'idle') {
    // Before the backend starts its threads, which then inherit the class.
    const outcome = await runAtIdlePriority(process.pid);
    log(`worker ${env.workerId}: ${outcome.applied ? 'training at idle CPU priority (SCHED_IDLE)' : `HSIC_WORKER_CPU_PRIORITY=idle not applied: ${outcome.reason}; training at normal priority`}`);
  }
  const backend = await initBackend(env.backend);
  log(`worker ${env.workerId}: backend ${describeBackend(backend)}`);
  const db = await openDatabase({ databaseUrl: env.databaseUrl, poolMax: env.poolMax, statementTimeoutMs: env.statementTimeoutMs, log });
  const repos = createRepositories(db.prisma, { validateConfig: (config) => parseTrainingConfig(config) });
  const queue = await createPgBossJobQueue({ url: db.url, instanceName: `hsic-worker ${env.workerId}`, onError: (error) => log(`job queue error: ${describeError(error)}`) });
  const worker = await TrainingWorker.start({
    repos,
    queue,
    workerId: env.workerId,
    backend: backend.name,
    backendDetail: describeBackend(backend),
    budget: env.memoryMegabytes === undefined
      ? defaultMemoryBudget(backend.name, totalmem())
      : { memoryBytes: env.memoryMegabytes * 2 ** 20, backend: backend.name, source: 'HSIC_WORKER_MEMORY_MB' },
    metricFlushMs: env.metricFlushMs,
    dataRoot: env.dataRoot,
    log,
    onFatal: (error) => {
      // EX_TEMPFAIL: the supervisor (npm start, Kubernetes) starts a fresh process with a fresh backend.
      log(`worker ${env.workerId}: ${error.message}; exiting to be restarted`);
      void repos.workers.markStopped(env.workerId).finally(() => process.exit(75));
    },
  });
  log(`worker ${env.workerId}: ready, taking training runs`);

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      log(`worker ${env.workerId}: ${signal} again, stopping the current run now`);
      worker.stopNow();
      return;
    }
    log(`worker ${env.workerId}: ${signal}, finishing the current epoch and handing the run back`);
    worker
      .stop()
      .then(() => db.close())
      .then(
        () => {
          log(`worker ${env.workerId}: stopped`);
          process.exit(0);
        },
        (error: unknown) => {
          log(`worker ${env.workerId}: unclean stop: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}


/** The worker process's entry: runs it, or explains why it cannot start and exits 1. */
export function startWorkerProcess(): void {
  runWorkerProcess().catch((error: unknown) => {
    const message = error instanceof WorkerConfigError ? error.message : `the worker failed to start: ${error instanceof Error ? error.stack : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}
