import type { RunProgress, RunTestAccuracy } from '@hsic/contracts';
import type { Phase, TrainingEvent } from '@hsic/engine';

/**
 * What one attempt learns from the event stream beyond the metric rows: which net of a σ-combined ensemble
 * the HSIC phase is training (events do not carry it; each net's training starts with its own phase-start),
 * the wall time of every HSIC epoch (carried over from earlier attempts on a resume), and the latest test
 * accuracy of each readout.
 */
export class AttemptProgress {
  private hsicNet: number;
  private hsicStarts = 0;
  private readonly seconds: number[];
  private accuracy: RunTestAccuracy = {};

  constructor(
    /** Where this attempt resumes, or null on a fresh start. */
    private readonly resumeAt: RunProgress | null,
    /** HSIC epochs per net. */
    private readonly hsicEpochs: number,
    storedSeconds: readonly number[] | null,
  ) {
    this.hsicNet = resumeAt?.phase === 'hsic' ? resumeAt.net : 0;
    this.seconds = (storedSeconds ?? []).slice(0, this.completedHsicEpochs(storedSeconds?.length ?? 0));
  }

  observe(event: TrainingEvent): void {
    if (event.kind === 'phase-start' && event.phase === 'hsic' && this.hsicStarts++ > 0) this.hsicNet++;
    if (event.kind !== 'epoch' || event.epoch < 1) return;
    if (event.phase === 'hsic') {
      this.seconds[this.hsicNet * this.hsicEpochs + event.epoch - 1] = event.seconds;
      if (event.unformatted) this.accuracy = { ...this.accuracy, unformatted: event.unformatted.served };
    } else if (event.testAccuracy !== undefined) {
      this.accuracy = { ...this.accuracy, [event.phase]: event.testAccuracy };
    }
  }

  /** The net the phase's events belong to (only HSIC trains several). */
  netOf(phase: Phase): number {
    return phase === 'hsic' ? this.hsicNet : 0;
  }

  get hsicEpochSeconds(): number[] {
    return [...this.seconds];
  }

  /** Test accuracies measured by this attempt so far. */
  get testAccuracy(): RunTestAccuracy {
    return this.accuracy;
  }

  /** How many HSIC epochs the resume point has behind it; stored times past it belong to a lost epoch. */
  private completedHsicEpochs(stored: number): number {
    if (!this.resumeAt) return 0;
    if (this.resumeAt.phase === 'hsic') return this.resumeAt.net * this.hsicEpochs + this.resumeAt.epoch;
    return stored;
  }
}
