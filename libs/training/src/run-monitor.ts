import type { AttemptFence, RunsRepository } from '@hsic/persistence';

/** Why a run must stop although training could go on: a user cancel, or another attempt owns the run now. */
export type StopCause = 'cancel' | 'lost';

/**
 * Heart-beats a running run and watches it, at most once per interval (it is called from the training
 * listener, i.e. every batch). A cancel request stops the run; so does losing it: when pg-boss took this
 * worker for dead (a long stall) and another worker restarted the run, this attempt must stop (its writes
 * are refused by the fence anyway; stopping saves the work).
 */
export class RunMonitor {
  private last = Number.NEGATIVE_INFINITY;
  private cause: StopCause | null = null;

  constructor(
    private readonly runs: RunsRepository,
    private readonly fence: AttemptFence,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The stop cause once one was seen (sticky); checks the database when the interval has passed. */
  async poll(): Promise<StopCause | null> {
    if (this.cause || this.now() - this.last < this.intervalMs) return this.cause;
    this.last = this.now();
    const beat = await this.runs.heartbeat(this.fence);
    if (!beat.owned) this.cause = 'lost';
    else if (beat.cancelRequested) this.cause = 'cancel';
    return this.cause;
  }
}
