import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { isTerminalRunStatus, TRAINING_PHASES, type MetricPoint, type Run, type RunStatus, type WrittenMetricPoint } from '@hsic/contracts';
import type { Repositories } from '@hsic/persistence';
import { API_LOGGER, PROGRESS_POLL_MS, REPOSITORIES } from '../dependencies.js';
import type { ApiLogger } from '../observability/api-logger.js';
import { EventChannel } from './event-channel.js';

export interface RunProgressUpdate {
  readonly run: Run;
  /** Points written (or rewritten) since the subscriber's previous update, in metrics order. */
  readonly points: MetricPoint[];
  readonly statusChanged: boolean;
  /** The write position the subscriber has seen up to: subscribing again `after` it sends what came since. */
  readonly cursor: bigint;
}

/** What a subscriber has seen of the run, to tell what changed. */
const runSignature = (run: Run) =>
  JSON.stringify([run.status, run.progress, run.testAccuracy, run.failureReason, run.cancelRequested, run.attempts, run.workerId]);

const METRICS_ORDER = (a: MetricPoint, b: MetricPoint) =>
  TRAINING_PHASES.indexOf(a.phase) - TRAINING_PHASES.indexOf(b.phase) || a.net - b.net || a.epoch - b.epoch || a.batch - b.batch || a.layer - b.layer;

const withoutSeq = ({ seq: _seq, ...point }: WrittenMetricPoint): MetricPoint => point;

/** One page of points per read; a subscriber that missed more gets them over several updates. */
const PAGE = 20_000;

interface Subscriber {
  readonly channel: EventChannel<RunProgressUpdate>;
  /** Every point up to this write position was sent to it. */
  cursor: bigint;
  status: RunStatus;
}

/**
 * One database poller per watched run, shared by its subscribers (LISTEN/NOTIFY does not pass through the
 * embedded database). Every `pollMs` it reads the run and the points written after the last write position
 * it read; each subscriber gets what is past its own cursor. It stops when the run ends (after the last
 * points) or the last subscriber leaves.
 */
class RunFeed {
  private readonly subscribers = new Set<Subscriber>();
  /** The highest write position the feed has read. */
  private read = 0n;
  private signature: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly runId: string,
    private readonly repos: Repositories,
    private readonly pollMs: number,
    private readonly onIdle: () => void,
    private readonly log: ApiLogger,
  ) {}

  async start(run: Run): Promise<void> {
    this.read = await this.repos.metrics.lastWritten(this.runId);
    this.signature = runSignature(run);
    if (!isTerminalRunStatus(run.status)) this.schedule();
  }

  /**
   * A new subscriber gets the run as it is now and, with `after`, every point written since (else only
   * what is written from now on); it then follows the feed.
   */
  async add(channel: EventChannel<RunProgressUpdate>, run: Run, after: bigint | null): Promise<void> {
    let cursor = after ?? this.read;
    const missed: WrittenMetricPoint[] = [];
    // Catch up to where the feed has read, with no await between the last check and joining it.
    while (after !== null && cursor < this.read) {
      const page = await this.repos.metrics.writtenAfter(this.runId, cursor, PAGE);
      if (page.length === 0) break;
      missed.push(...page);
      cursor = page[page.length - 1].seq;
    }
    const subscriber: Subscriber = { channel, cursor, status: run.status };
    this.subscribers.add(subscriber);
    channel.push({ run, points: missed.map(withoutSeq).sort(METRICS_ORDER), statusChanged: true, cursor });
    if (isTerminalRunStatus(run.status) && cursor >= this.read) channel.end();
  }

  remove(channel: EventChannel<RunProgressUpdate>): void {
    for (const subscriber of this.subscribers) if (subscriber.channel === channel) this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.stop();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.onIdle();
    for (const subscriber of [...this.subscribers]) subscriber.channel.end();
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
      // Read after the run: a run seen as ended has written all its points, so this read has them all.
      const points = await this.repos.metrics.writtenAfter(this.runId, this.read, PAGE);
      if (points.length > 0) this.read = points[points.length - 1].seq;
      const signature = runSignature(run);
      const changed = signature !== this.signature;
      this.signature = signature;
      for (const subscriber of this.subscribers) this.deliver(subscriber, run, points, changed);
      if (isTerminalRunStatus(run.status) && points.length < PAGE) return this.stop();
    } catch (error) {
      this.log.error(`runProgress: polling run ${this.runId} failed (will retry)`, error);
    }
    this.schedule();
  }

  private deliver(subscriber: Subscriber, run: Run, points: readonly WrittenMetricPoint[], changed: boolean): void {
    const news = points.filter((point) => point.seq > subscriber.cursor);
    if (news.length === 0 && !changed) return;
    if (news.length > 0) subscriber.cursor = news[news.length - 1].seq;
    const statusChanged = run.status !== subscriber.status;
    subscriber.status = run.status;
    subscriber.channel.push({ run, points: news.map(withoutSeq).sort(METRICS_ORDER), statusChanged, cursor: subscriber.cursor });
  }
}

@Injectable()
export class RunProgressHub implements OnModuleDestroy {
  private readonly feeds = new Map<string, Promise<RunFeed>>();

  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(PROGRESS_POLL_MS) private readonly pollMs: number,
    @Inject(API_LOGGER) private readonly log: ApiLogger,
  ) {}

  /**
   * Updates of a run until it ends (the caller has checked that it exists). With `after` (a cursor of an
   * earlier update), the first update carries every point written since: a client that lost its connection
   * resumes without a gap.
   */
  async subscribe(run: Run, after: bigint | null = null): Promise<AsyncIterableIterator<RunProgressUpdate>> {
    const feed = await this.feedFor(run);
    const channel: EventChannel<RunProgressUpdate> = new EventChannel(() => feed.remove(channel));
    await feed.add(channel, run, after);
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
      const created = new RunFeed(run.id, this.repos, this.pollMs, () => {
        if (this.feeds.get(run.id) === feed) this.feeds.delete(run.id);
      }, this.log);
      feed = created.start(run).then(() => created);
      this.feeds.set(run.id, feed);
      feed.catch(() => this.feeds.delete(run.id));
    }
    return feed;
  }
}
