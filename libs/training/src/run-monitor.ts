import type { RunsRepository } from '@hsic/persistence';

/** Why a run must stop although training could go on: a user cancel, or another attempt owns the run now. */
export type StopCause = 'cancel' | 'lost';

export interface RunOwner {
  readonly workerId: string;
  /** The run's attempts counter right after this attempt started it. */
  readonly attempt: number;
}

/**
 * Heart-beats a running run and watches it, at most once per interval (it is called from the training
 * listener, i.e. every batch). A cancel request stops the run; so does losing it: when pg-boss took this
 * worker for dead (a long stall) and another worker restarted the run, this attempt must stop writing.
 */
export class RunMonitor {
  private last = Number.NEGATIVE_INFINITY;
  private cause: StopCause | null = null;

  constructor(
    private readonly runs: RunsRepository,
    private readonly runId: string,
    private readonly owner: RunOwner,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The stop cause once one was seen (sticky); checks the database when the interval has passed. */
  async poll(): Promise<StopCause | null> {
    if (this.cause || this.now() - this.last < this.intervalMs) return this.cause;
    this.last = this.now();
    const beat = await this.runs.heartbeat(this.runId);
    const run = await this.runs.getOrThrow(this.runId);
    if (beat.status !== 'RUNNING' || run.attempts !== this.owner.attempt || run.workerId !== this.owner.workerId) this.cause = 'lost';
    else if (beat.cancelRequested) this.cause = 'cancel';
    return this.cause;
  }
}
