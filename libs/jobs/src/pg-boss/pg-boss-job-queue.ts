import { PgBoss, type JobWithMetadata } from 'pg-boss';
import { systemClock, type Clock } from '../clock.js';
import { jobIdFor, tickKey } from '../job-id.js';
import {
  resolveQueueOptions,
  UnknownQueueError,
  type JobHandler,
  type JobInfo,
  type JobQueue,
  type JobState,
  type QueueDepth,
  type QueueOptions,
  type ScheduleOptions,
  type SendOptions,
  type StopOptions,
  type WorkOptions,
} from '../job-queue.js';
import { CronScheduler } from '../scheduler/cron-scheduler.js';
import { unwrap, wrap, type JobEnvelope } from './envelope.js';

export interface PgBossJobQueueOptions {
  /** postgresql:// URL (real PostgreSQL or the embedded server). */
  readonly url: string;
  /** Shown in pg-boss's tables and logs. */
  readonly instanceName?: string;
  /**
   * Run pg-boss's maintenance here (failing expired and heartbeat-less jobs so they are retried). At least
   * one process must; extra ones are harmless (the pass is claimed in the database). Default true.
   */
  readonly supervise?: boolean;
  /** pg-boss's own connection pool (counts against the embedded server's connection limit). Default 5. */
  readonly poolMax?: number;
  /** How often an idle worker looks for jobs. Default 1 s (pg-boss's minimum is 0.5). */
  readonly pollingIntervalSeconds?: number;
  /** How often a running job's heartbeat is written, which is also how soon a cancel reaches its signal. Default 2 s. */
  readonly heartbeatRefreshSeconds?: number;
  /** Time source of the cron scheduler (tests move it by hand). */
  readonly clock?: Clock;
  readonly onError?: (error: unknown) => void;
}

const SCHEMA = 'pgboss';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const STATES: Record<JobWithMetadata['state'], JobState> = {
  created: 'queued',
  retry: 'retry',
  active: 'active',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'failed',
};

/**
 * JobQueue on pg-boss 12. Settings from the service recipe: supervise/monitor every 2 s so a dead worker's
 * job is retried ~10–12 s after its last heartbeat; LISTEN/NOTIFY off (not delivered through the embedded
 * server); pg-boss's own cron off (ticks are sent by our scheduler with derived ids, which also carry the
 * tick time to the handler).
 */
export class PgBossJobQueue implements JobQueue {
  private readonly queues = new Set<string>();
  private readonly scheduler: CronScheduler;
  private readonly pollingIntervalSeconds: number;
  private readonly heartbeatRefreshSeconds: number;

  private constructor(
    private readonly boss: PgBoss,
    options: PgBossJobQueueOptions,
    onError: (error: unknown) => void,
  ) {
    this.pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
    this.heartbeatRefreshSeconds = options.heartbeatRefreshSeconds ?? 2;
    this.scheduler = new CronScheduler(
      options.clock ?? systemClock,
      async (entry, tick) => {
        await this.boss.send(entry.queue, wrap(entry.data, tick), { id: jobIdFor(entry.queue, tickKey(entry.name, tick)) });
      },
      onError,
    );
  }

  static async start(options: PgBossJobQueueOptions): Promise<PgBossJobQueue> {
    const onError = options.onError ?? ((error: unknown) => console.error('[jobs] pg-boss:', error));
    const boss = new PgBoss({
      connectionString: options.url,
      schema: SCHEMA,
      max: options.poolMax ?? 5,
      application_name: options.instanceName ?? 'hsic-jobs',
      supervise: options.supervise ?? true,
      schedule: false,
      superviseIntervalSeconds: 2,
      monitorIntervalSeconds: 2,
    });
    boss.on('error', onError);
    await boss.start();
    return new PgBossJobQueue(boss, options, onError);
  }

  async createQueue(queue: string, options?: QueueOptions): Promise<void> {
    if (!(await this.boss.getQueue(queue))) {
      const resolved = resolveQueueOptions(options);
      await this.boss
        .createQueue(queue, {
          policy: 'standard',
          retryLimit: resolved.retryLimit,
          retryDelay: resolved.retryDelaySeconds,
          retryBackoff: resolved.retryBackoff,
          expireInSeconds: resolved.expireInSeconds,
          heartbeatSeconds: resolved.heartbeatSeconds,
        })
        .catch(async (error: unknown) => {
          if (!(await this.boss.getQueue(queue))) throw error; // else created concurrently: fine
        });
    }
    this.queues.add(queue);
  }

  async send<T extends object>(queue: string, data: T, options: SendOptions = {}): Promise<string | null> {
    await this.requireQueue(queue);
    return this.boss.send(queue, wrap(data), {
      ...(options.idempotencyKey === undefined ? {} : { id: jobIdFor(queue, options.idempotencyKey) }),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    });
  }

  async work<T extends object>(queue: string, handler: JobHandler<T>, options: WorkOptions = {}): Promise<void> {
    await this.requireQueue(queue);
    await this.boss.work<JobEnvelope>(
      queue,
      {
        batchSize: 1,
        localConcurrency: options.concurrency ?? 1,
        pollingIntervalSeconds: this.pollingIntervalSeconds,
        heartbeatRefreshSeconds: this.heartbeatRefreshSeconds,
      },
      async ([job]) => {
        const { payload, scheduledFor } = unwrap(job.data);
        await handler({
          id: job.id,
          queue,
          data: payload as T,
          signal: job.signal,
          attempt: job.retryCount + 1,
          scheduledFor,
        });
      },
    );
  }

  async cancel(jobId: string): Promise<void> {
    const queue = await this.queueOf(jobId);
    if (queue) await this.boss.cancel(queue, jobId);
  }

  async getJob(jobId: string): Promise<JobInfo | null> {
    const queue = await this.queueOf(jobId);
    if (!queue) return null;
    const [job] = await this.boss.findJobs<JobEnvelope>(queue, { id: jobId });
    if (!job) return null;
    const { payload, scheduledFor } = unwrap(job.data);
    const output = job.output as { message?: unknown } | null;
    return {
      id: job.id,
      queue,
      state: STATES[job.state],
      retryCount: job.retryCount,
      data: payload,
      scheduledFor,
      error: ['failed', 'retry'].includes(job.state) && typeof output?.message === 'string' ? output.message : null,
    };
  }

  async schedule<T extends object>(name: string, cron: string, data: T, options: ScheduleOptions = {}): Promise<void> {
    const queue = options.queue ?? name;
    await this.requireQueue(queue);
    this.scheduler.set(name, queue, cron, data);
  }

  async unschedule(name: string): Promise<void> {
    this.scheduler.delete(name);
  }

  /** Counted from the job table (pg-boss's own queue statistics lag by up to a minute). */
  async queueDepth(queue: string): Promise<QueueDepth> {
    await this.requireQueue(queue);
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS queued,
              count(*) FILTER (WHERE state = 'active')::int AS active
         FROM ${SCHEMA}.job WHERE name = $1`,
      [queue],
    );
    return { queued: Number(rows[0]?.queued ?? 0), active: Number(rows[0]?.active ?? 0) };
  }

  async stop(options: StopOptions = {}): Promise<void> {
    this.scheduler.stop();
    await this.boss.stop({ graceful: true, timeout: options.timeoutMs ?? 30_000, close: true });
  }

  /** pg-boss addresses jobs by (queue, id); ours are unique by id alone. */
  private async queueOf(jobId: string): Promise<string | null> {
    if (!UUID.test(jobId)) return null;
    const { rows } = await this.boss.getDb().executeSql(`SELECT name FROM ${SCHEMA}.job WHERE id = $1 LIMIT 1`, [jobId]);
    return (rows[0]?.name as string | undefined) ?? null;
  }

  private async requireQueue(queue: string): Promise<void> {
    if (this.queues.has(queue)) return;
    if (!(await this.boss.getQueue(queue))) throw new UnknownQueueError(queue);
    this.queues.add(queue);
  }
}

export const createPgBossJobQueue = (options: PgBossJobQueueOptions): Promise<PgBossJobQueue> => PgBossJobQueue.start(options);
