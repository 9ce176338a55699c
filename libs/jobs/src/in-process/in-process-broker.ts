// The in-process stand-in for pg-boss's job table: queues, jobs and the workers registered on them. Several
// InProcessJobQueue instances may share one broker, as several processes share one database.
import { randomUUID } from 'node:crypto';
import type { JobContext, JobHandler, JobInfo, JobState, QueueDepth, QueueOptions } from '../job-queue.js';
import { resolveQueueOptions, UnknownQueueError } from '../job-queue.js';

interface Run {
  readonly controller: AbortController;
  readonly owner: object;
  readonly settled: Promise<void>;
  expiry: NodeJS.Timeout;
}

interface StoredJob {
  readonly id: string;
  readonly queue: string;
  readonly data: object;
  readonly scheduledFor: Date | null;
  state: JobState;
  /** Attempts started so far. */
  attempts: number;
  startAfter: number;
  error: string | null;
  run: Run | null;
}

interface Registration {
  readonly owner: object;
  readonly handler: JobHandler<object>;
  readonly concurrency: number;
  active: number;
}

const WAITING: readonly JobState[] = ['queued', 'retry'];

export class InProcessBroker {
  private readonly queues = new Map<string, Required<QueueOptions>>();
  /** By id: ids are random, or derived from queue and idempotency key, so unique across queues. */
  private readonly jobs = new Map<string, StoredJob>();
  private readonly workers = new Map<string, Registration[]>();
  private readonly wakeups = new Set<NodeJS.Timeout>();

  createQueue(queue: string, options?: QueueOptions): void {
    if (!this.queues.has(queue)) this.queues.set(queue, resolveQueueOptions(options));
  }

  /** False when a job with this id exists already (in any state). */
  insert(queue: string, input: { id?: string; data: object; scheduledFor?: Date | null; startAfter?: Date }): string | null {
    this.optionsOf(queue);
    const id = input.id ?? randomUUID();
    if (this.jobs.has(id)) return null;
    this.jobs.set(id, {
      id,
      queue,
      data: input.data,
      scheduledFor: input.scheduledFor ?? null,
      state: 'queued',
      attempts: 0,
      startAfter: input.startAfter?.getTime() ?? Date.now(),
      error: null,
      run: null,
    });
    this.pump(queue);
    return id;
  }

  register(queue: string, owner: object, handler: JobHandler<object>, concurrency: number): void {
    this.optionsOf(queue);
    const registrations = this.workers.get(queue) ?? [];
    registrations.push({ owner, handler, concurrency, active: 0 });
    this.workers.set(queue, registrations);
    this.pump(queue);
  }

  /** Stops `owner`'s workers; waits up to timeoutMs for their running jobs, then fails and aborts them. */
  async unregister(owner: object, timeoutMs: number): Promise<void> {
    for (const [queue, registrations] of this.workers) {
      this.workers.set(queue, registrations.filter((r) => r.owner !== owner));
    }
    const running = [...this.jobs.values()].filter((job) => job.run?.owner === owner);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all(running.map((job) => job.run?.settled)), deadline]);
    clearTimeout(timer);
    for (const job of running) {
      if (job.run?.owner === owner) this.failAttempt(job, 'the job queue shut down while the job was running');
    }
  }

  cancel(id: string): void {
    const job = this.jobs.get(id);
    if (!job || !(WAITING.includes(job.state) || job.state === 'active')) return;
    job.state = 'cancelled';
    this.endRun(job, 'cancelled');
  }

  get(id: string): JobInfo | null {
    const job = this.jobs.get(id);
    if (!job) return null;
    return {
      id: job.id,
      queue: job.queue,
      state: job.state,
      retryCount: Math.max(job.attempts - 1, 0),
      data: job.data,
      scheduledFor: job.scheduledFor,
      error: job.error,
    };
  }

  depth(queue: string): QueueDepth {
    this.optionsOf(queue);
    let queued = 0;
    let active = 0;
    for (const job of this.jobs.values()) {
      if (job.queue !== queue) continue;
      if (WAITING.includes(job.state)) queued++;
      else if (job.state === 'active') active++;
    }
    return { queued, active };
  }

  /** Clears pending wake-ups (tests). Running handlers are left to finish. */
  close(): void {
    for (const timer of this.wakeups) clearTimeout(timer);
    this.wakeups.clear();
  }

  private optionsOf(queue: string): Required<QueueOptions> {
    const options = this.queues.get(queue);
    if (!options) throw new UnknownQueueError(queue);
    return options;
  }

  /** Starts every ready job of `queue` a worker has room for; wakes up again for jobs not due yet. */
  private pump(queue: string): void {
    const now = Date.now();
    let nextDue = Infinity;
    for (const job of this.jobs.values()) {
      if (job.queue !== queue || !WAITING.includes(job.state)) continue;
      if (job.startAfter > now) {
        nextDue = Math.min(nextDue, job.startAfter);
        continue;
      }
      const worker = (this.workers.get(queue) ?? []).find((r) => r.active < r.concurrency);
      if (!worker) break;
      this.start(job, worker);
    }
    if (nextDue < Infinity) {
      const timer = setTimeout(() => {
        this.wakeups.delete(timer);
        this.pump(queue);
      }, nextDue - now);
      this.wakeups.add(timer);
    }
  }

  private start(job: StoredJob, worker: Registration): void {
    const options = this.optionsOf(job.queue);
    job.state = 'active';
    job.attempts += 1;
    worker.active += 1;
    const controller = new AbortController();
    const context: JobContext<object> = {
      id: job.id,
      queue: job.queue,
      data: job.data,
      signal: controller.signal,
      attempt: job.attempts,
      scheduledFor: job.scheduledFor,
    };
    let run: Run | null = null;
    const settled = Promise.resolve()
      .then(() => worker.handler(context))
      .then(
        () => this.settle(job, run, null),
        (error: unknown) => this.settle(job, run, error instanceof Error ? error.message : String(error)),
      )
      .finally(() => {
        worker.active -= 1;
        this.pump(job.queue);
      });
    run = {
      controller,
      owner: worker.owner,
      settled,
      expiry: setTimeout(() => this.failAttempt(job, `the job ran longer than expireInSeconds (${options.expireInSeconds})`), options.expireInSeconds * 1000),
    };
    job.run = run;
  }

  /** A handler returned; ignored when its attempt already ended (cancelled, expired, shut down). */
  private settle(job: StoredJob, run: Run | null, error: string | null): void {
    if (job.run !== run || job.state !== 'active') return;
    if (error === null) {
      job.state = 'completed';
      this.endRun(job, null);
    } else {
      this.failAttempt(job, error);
    }
  }

  private failAttempt(job: StoredJob, error: string): void {
    if (job.state !== 'active') return;
    const options = this.optionsOf(job.queue);
    job.error = error;
    if (job.attempts <= options.retryLimit) {
      const delay = options.retryDelaySeconds * (options.retryBackoff ? 2 ** (job.attempts - 1) : 1);
      job.state = 'retry';
      job.startAfter = Date.now() + delay * 1000;
    } else {
      job.state = 'failed';
    }
    this.endRun(job, error);
    this.pump(job.queue);
  }

  private endRun(job: StoredJob, abortReason: string | null): void {
    const run = job.run;
    if (!run) return;
    job.run = null;
    clearTimeout(run.expiry);
    if (abortReason !== null && !run.controller.signal.aborted) run.controller.abort(new Error(abortReason));
  }
}
