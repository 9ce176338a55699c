// The one queue interface the API, the worker and the tests use; drivers: pg-boss (PostgreSQL) and
// in-process (tests, single-process use). Both behave alike; libs/jobs/test runs one contract suite on both.

export interface JobContext<T> {
  readonly id: string;
  readonly queue: string;
  readonly data: T;
  /**
   * Aborted when the job is cancelled, when it outlives its queue's expireInSeconds, or when the queue
   * shuts down past its grace period: long handlers must check it and stop.
   */
  readonly signal: AbortSignal;
  /** 1 on the first attempt, 2 on the first retry, ... */
  readonly attempt: number;
  /** For jobs sent by a schedule: the cron tick (UTC minute) they are for; null otherwise. */
  readonly scheduledFor: Date | null;
}

/** Resolving completes the job; throwing fails the attempt (retried while the queue's retryLimit allows). */
export type JobHandler<T> = (job: JobContext<T>) => Promise<void>;

export interface QueueOptions {
  /** Retries after the first attempt (default 2). */
  readonly retryLimit?: number;
  /** Seconds before a retry (default 5). */
  readonly retryDelaySeconds?: number;
  /** Double the delay on every retry. */
  readonly retryBackoff?: boolean;
  /** An attempt still running after this is failed and its signal aborted (default 4 h: training is long). */
  readonly expireInSeconds?: number;
  /**
   * A worker that stops reporting for this long is taken for dead and its job retried elsewhere (default 10,
   * pg-boss's minimum). The driver reports for live handlers by itself.
   */
  readonly heartbeatSeconds?: number;
}

export const DEFAULT_QUEUE_OPTIONS: Required<QueueOptions> = {
  retryLimit: 2,
  retryDelaySeconds: 5,
  retryBackoff: false,
  expireInSeconds: 4 * 60 * 60,
  heartbeatSeconds: 10,
};

export interface SendOptions {
  /** Sends with the same key (per queue) are one job: the second send returns null. */
  readonly idempotencyKey?: string;
  /** Not before this time. */
  readonly startAfter?: Date;
}

export interface WorkOptions {
  /** Jobs this process runs at once on this queue (default 1). */
  readonly concurrency?: number;
}

export interface ScheduleOptions {
  /** Queue that receives the ticks (default: the schedule's name). */
  readonly queue?: string;
}

export type JobState = 'queued' | 'retry' | 'active' | 'completed' | 'failed' | 'cancelled';

export interface JobInfo {
  readonly id: string;
  readonly queue: string;
  readonly state: JobState;
  /** Attempts after the first that have started. */
  readonly retryCount: number;
  readonly data: unknown;
  readonly scheduledFor: Date | null;
  /** Message of the last failed attempt. */
  readonly error: string | null;
}

export interface QueueDepth {
  /** Waiting to run (including retries and jobs whose startAfter is ahead). */
  readonly queued: number;
  readonly active: number;
}

export interface StopOptions {
  /** How long running handlers may take to finish before their jobs are failed (to be retried) and their signals aborted (default 30 s). */
  readonly timeoutMs?: number;
}

export interface JobQueue {
  /** Creates the queue if it does not exist (every process may call it at start). */
  createQueue(queue: string, options?: QueueOptions): Promise<void>;
  /** The job id, or null when a job with the same idempotency key already exists. */
  send<T extends object>(queue: string, data: T, options?: SendOptions): Promise<string | null>;
  /** Runs `handler` for the queue's jobs in this process until stop(). */
  work<T extends object>(queue: string, handler: JobHandler<T>, options?: WorkOptions): Promise<void>;
  /**
   * A queued job is dropped; a running one is marked cancelled and its handler's signal aborted (pg-boss: at
   * the handler's next heartbeat). A finished or unknown job is left alone.
   */
  cancel(jobId: string): Promise<void>;
  getJob(jobId: string): Promise<JobInfo | null>;
  /**
   * Sends `data` to the queue at every tick of a 5-field UTC cron expression, exactly once per tick however
   * many processes registered the same schedule (the tick's job id is derived from name and tick time).
   * Registering a name again replaces it. Ticks missed while no process had it registered are skipped.
   */
  schedule<T extends object>(name: string, cron: string, data: T, options?: ScheduleOptions): Promise<void>;
  unschedule(name: string): Promise<void>;
  queueDepth(queue: string): Promise<QueueDepth>;
  /** Stops scheduling and working; waits for running handlers (see StopOptions). */
  stop(options?: StopOptions): Promise<void>;
}

export const resolveQueueOptions = (options: QueueOptions = {}): Required<QueueOptions> => ({
  ...DEFAULT_QUEUE_OPTIONS,
  ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
});

export class UnknownQueueError extends Error {
  constructor(readonly queue: string) {
    super(`queue '${queue}' does not exist: call createQueue('${queue}') first`);
    this.name = 'UnknownQueueError';
  }
}
