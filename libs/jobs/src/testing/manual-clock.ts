import type { Clock } from '../clock.js';

interface PendingTimer {
  readonly at: number;
  readonly callback: () => void | Promise<void>;
  cancelled: boolean;
}

/** A Clock that only moves when told to: advanceTo() runs (and awaits) the timers that come due. */
export class ManualClock implements Clock {
  private current: number;
  private timers: PendingTimer[] = [];

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  setTimer(ms: number, callback: () => void | Promise<void>): { cancel(): void } {
    const timer: PendingTimer = { at: this.current + Math.max(ms, 0), callback, cancelled: false };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Moves time forward to `time`, running due timers in order (including ones they set). */
  async advanceTo(time: Date): Promise<void> {
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      const due = this.timers.filter((t) => t.at <= time.getTime()).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.current = Math.max(this.current, due.at);
      await due.callback();
    }
    this.current = Math.max(this.current, time.getTime());
  }
}
