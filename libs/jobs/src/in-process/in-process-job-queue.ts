import { systemClock, type Clock } from '../clock.js';
import { jobIdFor, tickKey } from '../job-id.js';
import type {
  JobHandler,
  JobInfo,
  JobQueue,
  QueueDepth,
  QueueOptions,
  ScheduleOptions,
  SendOptions,
  StopOptions,
  WorkOptions,
} from '../job-queue.js';
import { CronScheduler } from '../scheduler/cron-scheduler.js';
import { InProcessBroker } from './in-process-broker.js';

export interface InProcessJobQueueOptions {
  /** Share one broker between instances to model several processes on one database (default: its own). */
  readonly broker?: InProcessBroker;
  /** Time source of the cron scheduler (tests move it by hand). */
  readonly clock?: Clock;
  readonly onError?: (error: unknown) => void;
}

/** Jobs in memory: for tests and single-process use. Nothing survives the process. */
export class InProcessJobQueue implements JobQueue {
  readonly broker: InProcessBroker;
  private readonly scheduler: CronScheduler;
  private stopped = false;

  constructor(options: InProcessJobQueueOptions = {}) {
    this.broker = options.broker ?? new InProcessBroker();
    const onError = options.onError ?? ((error: unknown) => console.error('[jobs] schedule tick failed:', error));
    this.scheduler = new CronScheduler(
      options.clock ?? systemClock,
      async (entry, tick) => {
        this.broker.insert(entry.queue, { id: jobIdFor(entry.queue, tickKey(entry.name, tick)), data: entry.data, scheduledFor: tick });
      },
      onError,
    );
  }

  async createQueue(queue: string, options?: QueueOptions): Promise<void> {
    this.broker.createQueue(queue, options);
  }

  async send<T extends object>(queue: string, data: T, options: SendOptions = {}): Promise<string | null> {
    const id = options.idempotencyKey === undefined ? undefined : jobIdFor(queue, options.idempotencyKey);
    return this.broker.insert(queue, { id, data, startAfter: options.startAfter });
  }

  async work<T extends object>(queue: string, handler: JobHandler<T>, options: WorkOptions = {}): Promise<void> {
    if (this.stopped) throw new Error('the job queue is stopped');
    this.broker.register(queue, this, handler as unknown as JobHandler<object>, options.concurrency ?? 1);
  }

  async cancel(jobId: string): Promise<void> {
    this.broker.cancel(jobId);
  }

  async getJob(jobId: string): Promise<JobInfo | null> {
    return this.broker.get(jobId);
  }

  async schedule<T extends object>(name: string, cron: string, data: T, options: ScheduleOptions = {}): Promise<void> {
    const queue = options.queue ?? name;
    this.broker.depth(queue); // the queue must exist
    this.scheduler.set(name, queue, cron, data);
  }

  async unschedule(name: string): Promise<void> {
    this.scheduler.delete(name);
  }

  async queueDepth(queue: string): Promise<QueueDepth> {
    return this.broker.depth(queue);
  }

  async stop(options: StopOptions = {}): Promise<void> {
    this.stopped = true;
    this.scheduler.stop();
    await this.broker.unregister(this, options.timeoutMs ?? 30_000);
  }
}

export const createInProcessJobQueue = (options?: InProcessJobQueueOptions): InProcessJobQueue => new InProcessJobQueue(options);
