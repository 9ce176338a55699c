export type Phase = 'hsic' | 'format' | 'backprop';

export interface LayerMetrics {
  readonly layer: number;
  /** nHSIC(X, Z_i). */
  readonly nhsicX: number;
  /** nHSIC(Y, Z_i). */
  readonly nhsicY: number;
  /** nHSIC(X, Z_i) − β·nHSIC(Y, Z_i). */
  readonly loss: number;
}

export interface UnformattedAccuracy {
  /**
   * The reference's number: outputs under each test batch's own BatchNorm statistics, greedy
   * mapping fitted on the test labels themselves, mean per-class recall.
   */
  readonly sameSplit: number;
  /** Same BatchNorm treatment, but the mapping fitted on training data and applied to test: plain accuracy. */
  readonly trainFitted: number;
  /**
   * What a served model does: running BatchNorm statistics (no batch-mates), mapping fitted on
   * training data, plain test accuracy.
   */
  readonly served: number;
  /** Class c → output unit, fitted under running statistics (the served model's mapping). */
  readonly mapping: readonly number[];
}

export interface PhaseStartEvent {
  readonly kind: 'phase-start';
  readonly phase: Phase;
  readonly epochs: number;
  readonly firstEpoch: number;
  readonly batchesPerEpoch: number;
  readonly backend: string;
}

export interface BatchEvent {
  readonly kind: 'batch';
  readonly phase: Phase;
  /** 1-based. */
  readonly epoch: number;
  /** 0-based index within the epoch. */
  readonly batch: number;
  readonly batches: number;
  readonly samples: number;
  readonly seconds: number;
  /** HSIC phase: every block's objective on this batch. */
  readonly layers?: readonly LayerMetrics[];
  /** Readout phases: cross-entropy and accuracy on this batch. */
  readonly loss?: number;
  readonly accuracy?: number;
}

export interface EpochEvent {
  readonly kind: 'epoch';
  readonly phase: Phase;
  /** 1-based; 0 is the evaluation before any training. */
  readonly epoch: number;
  /** Wall time of the epoch's training steps (evaluation excluded). */
  readonly seconds: number;
  readonly samplesPerSecond: number;
  /** HSIC phase: per-block means over the epoch's batches. */
  readonly layers?: readonly LayerMetrics[];
  readonly trainLoss?: number;
  readonly trainAccuracy?: number;
  readonly testAccuracy?: number;
  readonly unformatted?: UnformattedAccuracy;
}

export interface PhaseEndEvent {
  readonly kind: 'phase-end';
  readonly phase: Phase;
  readonly seconds: number;
}

export type TrainingEvent = PhaseStartEvent | BatchEvent | EpochEvent | PhaseEndEvent;

/** One listener feeds the CLI, the worker and the tests; it may be async (e.g. a database write). */
export type TrainingListener = (event: TrainingEvent) => void | Promise<void>;

export class TrainingCancelledError extends Error {
  constructor(readonly phase: Phase, readonly epoch: number) {
    super(`training cancelled during ${phase} epoch ${epoch}`);
    this.name = 'TrainingCancelledError';
  }
}
