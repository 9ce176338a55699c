import type { Clock } from '../clock.js';
import { parseCron, type CronExpression } from '../cron/cron-expression.js';

export interface ScheduleEntry {
  readonly name: string;
  readonly queue: string;
  readonly cron: CronExpression;
  readonly data: object;
}

/** Sends one tick's job; must be idempotent per (entry, tick), since every process fires every tick. */
export type FireTick = (entry: ScheduleEntry, tick: Date) => Promise<void>;

const MINUTE = 60_000;
/** Wake a little after the minute so the tick at hh:mm:00 is already due. */
const WAKE_DELAY_MS = 50;

/**
 * Fires the ticks of the schedules registered in this process. Every process that registers a schedule
 * fires its ticks; the job id derived from (name, tick) makes the queue keep one job per tick. A tick that
 * failed to send is retried at the next wake-up while it is still the latest one; when several ticks were
 * missed (the process was suspended) only the latest is sent.
 */
export class CronScheduler {
  private readonly entries = new Map<string, { entry: ScheduleEntry; lastTick: Date }>();
  private timer: { cancel(): void } | null = null;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly fire: FireTick,
    private readonly onError: (error: unknown, entry: ScheduleEntry) => void,
  ) {}

  /** Registers or replaces a schedule; its first tick is the first one after now. */
  set(name: string, queue: string, cron: string, data: object): void {
    const entry = { name, queue, cron: parseCron(cron), data };
    this.entries.set(name, { entry, lastTick: this.clock.now() });
    this.arm();
  }

  delete(name: string): void {
    this.entries.delete(name);
    if (this.entries.size === 0) this.disarm();
  }

  /** Sends every schedule's latest tick at or before `now` that has not been sent yet. */
  async tick(now: Date = this.clock.now()): Promise<void> {
    for (const state of [...this.entries.values()]) {
      const latest = state.entry.cron.previous(now);
      if (!latest || latest <= state.lastTick) continue;
      try {
        await this.fire(state.entry, latest);
        state.lastTick = latest;
      } catch (error) {
        this.onError(error, state.entry);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  private arm(): void {
    if (this.timer || this.stopped) return;
    const now = this.clock.now().getTime();
    const wait = Math.ceil((now + 1) / MINUTE) * MINUTE - now + WAKE_DELAY_MS;
    this.timer = this.clock.setTimer(wait, async () => {
      this.timer = null;
      await this.tick();
      if (this.entries.size > 0) this.arm();
    });
  }

  private disarm(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}
