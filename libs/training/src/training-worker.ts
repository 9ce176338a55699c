import { hostname } from 'node:os';
import {
  deviceOfBackend,
  SCHEDULE_TICK_QUEUE,
  TRAINING_QUEUE,
  WORKER_HEARTBEAT_MS,
  type ScheduleTickJob,
  type TrainingJob,
  type WorkerRegistration,
} from '@hsic/contracts';
import { BackendUnrecoverableError } from '@hsic/engine';
import type { JobQueue } from '@hsic/jobs';
import type { Repositories } from '@hsic/persistence';
import { createScheduleTickHandler, createTrainingJobHandler } from './job-handlers.js';
import { failOrphanedRuns } from './orphaned-runs.js';
import { resendStrandedRuns } from './stranded-runs.js';
import { ensureTrainingQueues } from './queues.js';
import { RunExecutor, type RunExecutorOptions } from './run-executor.js';
import { syncSchedules } from './schedule-sync.js';

export interface TrainingWorkerOptions extends Omit<RunExecutorOptions, 'repos' | 'log'> {
  readonly repos: Repositories;
  readonly queue: JobQueue;
  readonly log?: (line: string) => void;
  /** Re-read the schedules and fire their ticks from this process too (default 60 s; 0: never register). */
  readonly scheduleSyncIntervalMs?: number;
  /** Look for RUNNING runs nobody will finish and QUEUED runs no job will start (default 60 s; 0: never). */
  readonly orphanCheckIntervalMs?: number;
  /** A run whose heartbeat is older than this, and whose job is over, is failed (default 5 min). */
  readonly staleAfterMs?: number;
  /** How the backend is described to operators (default: its name). */
  readonly backendDetail?: string;
  /** How often the worker reports itself alive in the workers table (default WORKER_HEARTBEAT_MS). */
  readonly presenceIntervalMs?: number;
  /** The worker cannot go on (its backend broke and could not be rebuilt): the process should exit and be restarted. */
  readonly onFatal?: (error: Error) => void;
}

/** A run QUEUED this long without a live job is sent again (its sender had a minute to do it). */
export const STRANDED_AFTER_MS = 60_000;

/** Workers not seen for this long are dropped from the workers table. */
const FORGET_WORKERS_AFTER_MS = 24 * 3600_000;

export interface StopWorkerOptions {
  /**
   * How long the current run may take to reach its next checkpoint (end of the epoch) before it is stopped
   * where it is (default 10 min, inside the 15 min the deployments give a stopping worker).
   */
  readonly drainTimeoutMs?: number;
}

/**
 * A training worker in a process: works the training queue one run at a time and the schedule-tick queue,
 * keeps schedules registered, and fails runs orphaned by dead workers. stop() drains: no new jobs, the
 * current run stops at its next checkpoint and goes back to the queue, where another worker resumes it.
 */
export class TrainingWorker {
  private readonly drain = new AbortController();
  private readonly interrupt = new AbortController();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopping: Promise<void> | null = null;

  private constructor(private readonly options: TrainingWorkerOptions) {}

  static async start(options: TrainingWorkerOptions): Promise<TrainingWorker> {
    const worker = new TrainingWorker(options);
    await worker.begin();
    return worker;
  }

  private async begin(): Promise<void> {
    const { repos, queue } = this.options;
    const log = this.options.log ?? (() => undefined);
    await this.announce();
    await ensureTrainingQueues(queue);
    const executor = new RunExecutor({ ...this.options, log });
    const handler = createTrainingJobHandler({ executor, queue, runs: repos.runs, drain: this.drain.signal, interrupt: this.interrupt.signal, log });
    await queue.work<TrainingJob>(
      TRAINING_QUEUE,
      async (job) => {
        try {
          await handler(job);
        } catch (error) {
          if (error instanceof BackendUnrecoverableError) this.options.onFatal?.(error);
          throw error;
        }
      },
      { concurrency: 1 },
    );
    await queue.work<ScheduleTickJob>(SCHEDULE_TICK_QUEUE, createScheduleTickHandler({ repos, queue, log }), { concurrency: 1 });
    const syncEvery = this.options.scheduleSyncIntervalMs ?? 60_000;
    if (syncEvery > 0) {
      const sync = async () => {
        const result = await syncSchedules(repos, queue);
        for (const failure of result.failed) log(`schedule ${failure.scheduleId} not registered: ${failure.error}`);
      };
      await sync();
      this.every(syncEvery, sync);
    }
    const orphanEvery = this.options.orphanCheckIntervalMs ?? 60_000;
    if (orphanEvery > 0) {
      this.every(orphanEvery, async () => {
        const failed = await failOrphanedRuns(repos.runs, queue, { staleAfterMs: this.options.staleAfterMs ?? 5 * 60_000 });
        for (const run of failed) log(`run ${run.id} FAILED: ${run.failureReason}`);
        const resent = await resendStrandedRuns(repos.runs, queue, { graceMs: STRANDED_AFTER_MS });
        for (const run of resent) log(`run ${run.id} was QUEUED without a live job: sent it again (job ${run.jobId})`);
      });
    }
  }

  /**
   * Registers this worker in the workers table (operators see it alive, with its backend and current run) and
   * heartbeats there; re-registers if its row was removed meanwhile.
   */
  private async announce(): Promise<void> {
    const { repos, workerId, backend } = this.options;
    const registration: WorkerRegistration = {
      id: workerId,
      hostname: hostname(),
      pid: process.pid,
      backend,
      device: deviceOfBackend(backend),
      detail: this.options.backendDetail ?? backend,
    };
    await repos.workers.register(registration);
    await repos.workers.prune(new Date(Date.now() - FORGET_WORKERS_AFTER_MS));
    this.every(this.options.presenceIntervalMs ?? WORKER_HEARTBEAT_MS, async () => {
      if (!(await repos.workers.heartbeat(workerId))) await repos.workers.register(registration);
    });
  }

  /** Drains (see StopWorkerOptions) and stops the queue. Idempotent. The caller closes the database after. */
  stop(options: StopWorkerOptions = {}): Promise<void> {
    this.stopping ??= (async () => {
      for (const timer of this.timers) clearInterval(timer);
      const drainTimeoutMs = options.drainTimeoutMs ?? 10 * 60_000;
      this.drain.abort();
      const deadline = setTimeout(() => this.interrupt.abort(), drainTimeoutMs);
      try {
        // Stops fetching at once; waits for the current run, which hands itself back to the queue.
        await this.options.queue.stop({ timeoutMs: drainTimeoutMs + 30_000 });
      } finally {
        clearTimeout(deadline);
      }
      await this.options.repos.workers.markStopped(this.options.workerId).catch(() => undefined); // the database may be gone
    })();
    return this.stopping;
  }

  /** Stops the current run at its next batch instead of its next checkpoint (e.g. a second SIGTERM). */
  stopNow(): void {
    this.interrupt.abort();
  }

  private every(ms: number, task: () => Promise<void>): void {
    const log = this.options.log ?? (() => undefined);
    const timer = setInterval(() => {
      task().catch((error: unknown) => log(`background task failed: ${error instanceof Error ? error.message : String(error)}`));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
