import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { isTerminalRunStatus, type MetricPoint, type Run } from '@hsic/contracts';
import type { DbClient, Repositories } from '@hsic/persistence';
import { API_LOGGER, DB_CLIENT, PROGRESS_POLL_MS, REPOSITORIES, type ApiLogger } from '../dependencies.js';
import { EventChannel } from './event-channel.js';
import { pointKey, readPointsFrom } from './points-since.js';

export interface RunProgressUpdate {
  readonly run: Run;
  /** Points written (or rewritten) since the previous update. */
  readonly points: MetricPoint[];
  readonly statusChanged: boolean;
}

/** What a subscriber has seen of the run, to tell what changed. */
const runSignature = (run: Run) =>
  JSON.stringify([run.status, run.progress, run.testAccuracy, run.failureReason, run.cancelRequested, run.attempts, run.workerId]);

/**
 * One database poller per watched run, shared by its subscribers (LISTEN/NOTIFY does not pass through the
 * embedded database). It reads the run and the metric points of the epoch in progress every `pollMs`, and
 * pushes an update when something changed. It stops when the run ends or the last subscriber leaves.
 */
class RunFeed {
  private readonly subscribers = new Set<EventChannel<RunProgressUpdate>>();
  /**
   * Where the previous poll found the run (its last completed epoch): points before it are final and were
   * delivered (or predate the feed); from it on they are re-read and compared with `seen`.
   */
  private from: Run['progress'] = null;
  /** Points at or after `from`, by key → serialized values. */
  private seen = new Map<string, string>();
  private signature: string | null = null;
  private status: Run['status'] | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly runId: string,
    private readonly repos: Repositories,
    private readonly prisma: DbClient,
    private readonly pollMs: number,
    private readonly onIdle: () => void,
    private readonly log: ApiLogger,
  ) {}

  /** Starts polling: existing points count as seen, so subscribers get what is written from now on. */
  async start(run: Run): Promise<void> {
    this.from = run.progress;
    this.signature = runSignature(run);
    this.status = run.status;
    if (isTerminalRunStatus(run.status)) return; // nothing will change: subscribers get the run and the end
    for (const point of await readPointsFrom(this.prisma, this.runId, this.from)) this.seen.set(pointKey(point), JSON.stringify(point));
    this.schedule();
  }

  /** A new subscriber first gets the run as it is now. */
  add(channel: EventChannel<RunProgressUpdate>, run: Run): void {
    this.subscribers.add(channel);
    channel.push({ run, points: [], statusChanged: true });
    if (isTerminalRunStatus(run.status)) channel.end();
  }

  remove(channel: EventChannel<RunProgressUpdate>): void {
    this.subscribers.delete(channel);
    if (this.subscribers.size === 0) this.stop();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.onIdle();
    for (const channel of [...this.subscribers]) channel.end();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll(), this.pollMs);
  }

  private async poll(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    try {
      const run = await this.repos.runs.get(this.runId);
      if (!run) return this.stop(); // deleted under us
      const points = await this.changedPoints(run);
      const signature = runSignature(run);
      const statusChanged = run.status !== this.status;
      if (points.length > 0 || signature !== this.signature) {
        this.signature = signature;
        this.status = run.status;
        for (const channel of this.subscribers) channel.push({ run, points, statusChanged });
      }
      if (isTerminalRunStatus(run.status)) return this.stop();
    } catch (error) {
      this.log.error(`runProgress: polling run ${this.runId} failed (will retry)`, error);
    }
    this.schedule();
  }

  /**
   * New or rewritten points since the last poll. Reads from where the previous poll found the run (not from
   * where it is now: a whole phase may have completed in between), then moves `from` up to the run's progress.
   */
  private async changedPoints(run: Run): Promise<MetricPoint[]> {
    const current = await readPointsFrom(this.prisma, this.runId, this.from);
    const changed: MetricPoint[] = [];
    const next = new Map<string, string>();
    for (const point of current) {
      const key = pointKey(point);
      const value = JSON.stringify(point);
      if (this.seen.get(key) !== value) changed.push(point);
      next.set(key, value);
    }
    this.seen = next;
    this.from = run.progress;
    return changed;
  }
}

@Injectable()
export class RunProgressHub implements OnModuleDestroy {
  private readonly feeds = new Map<string, Promise<RunFeed>>();

  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(DB_CLIENT) private readonly prisma: DbClient,
    @Inject(PROGRESS_POLL_MS) private readonly pollMs: number,
    @Inject(API_LOGGER) private readonly log: ApiLogger,
  ) {}

  /** Updates of a run until it ends (the caller has checked that it exists). */
  async subscribe(run: Run): Promise<AsyncIterableIterator<RunProgressUpdate>> {
    const feed = await this.feedFor(run);
    const channel: EventChannel<RunProgressUpdate> = new EventChannel(() => feed.remove(channel));
    feed.add(channel, run);
    return channel;
  }

  /** Runs being polled right now (for tests and diagnostics). */
  get watchedRuns(): number {
    return this.feeds.size;
  }

  onModuleDestroy(): void {
    for (const feed of this.feeds.values()) void feed.then((f) => f.stop());
  }

  private feedFor(run: Run): Promise<RunFeed> {
    let feed = this.feeds.get(run.id);
    if (!feed) {
      const created = new RunFeed(run.id, this.repos, this.prisma, this.pollMs, () => {
        if (this.feeds.get(run.id) === feed) this.feeds.delete(run.id);
      }, this.log);
      feed = created.start(run).then(() => created);
      this.feeds.set(run.id, feed);
      feed.catch(() => this.feeds.delete(run.id));
    }
    return feed;
  }
}
