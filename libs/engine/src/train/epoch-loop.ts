import { planBatches } from './batches.js';
import { TrainingCancelledError, type BatchEvent, type EpochEvent, type Phase, type TrainingListener } from './events.js';
import { yieldToEventLoop } from './yield.js';

/** What every phase's trainer takes besides its own settings. */
export interface PhaseRunOptions {
  readonly seed: number;
  /** Reshuffle every epoch (seeded by seed + epoch). The reference trains unshuffled. */
  readonly shuffle: boolean;
  /** 1-based epoch to start from, when resuming after epoch firstEpoch − 1. */
  readonly firstEpoch?: number;
  readonly backend: string;
  readonly listener?: TrainingListener;
  readonly signal?: AbortSignal;
}

export interface PhaseSummary {
  readonly epochs: readonly EpochEvent[];
  readonly seconds: number;
}

type BatchFields = Partial<Pick<BatchEvent, 'layers' | 'loss' | 'accuracy'>>;
type EpochFields = Partial<Omit<EpochEvent, 'kind' | 'phase' | 'epoch' | 'seconds' | 'samplesPerSecond'>>;

export interface EpochLoop<R extends BatchFields> {
  readonly phase: Phase;
  readonly epochs: number;
  readonly batchSize: number;
  readonly samples: number;
  /** Measurements before any training (epoch 0), on a fresh start only. */
  readonly before?: () => EpochFields;
  /** One optimisation step on the batch's sample indices. */
  readonly step: (indices: Int32Array, epoch: number, batch: number) => R;
  /** Measurements after an epoch's steps, given what the steps returned; not counted in its time. */
  readonly after: (epoch: number, results: readonly R[]) => EpochFields | Promise<EpochFields>;
}

/**
 * The loop every phase shares: batches planned per epoch, cancellation checked and the event loop
 * given a turn between batches, one batch event per step and one epoch event per epoch, all
 * through the one listener.
 */
export async function runEpochs<R extends BatchFields>(loop: EpochLoop<R>, options: PhaseRunOptions): Promise<PhaseSummary> {
  const emit = options.listener ?? (() => undefined);
  const firstEpoch = options.firstEpoch ?? 1;
  const batchesPerEpoch = planBatches(loop.samples, 0, { batchSize: loop.batchSize, shuffle: false, seed: 0 }).length;
  const epochs: EpochEvent[] = [];
  const phaseStart = performance.now();
  const record = async (event: EpochEvent) => {
    epochs.push(event);
    await emit(event);
  };
  await emit({ kind: 'phase-start', phase: loop.phase, epochs: loop.epochs, firstEpoch, batchesPerEpoch, backend: options.backend });
  if (firstEpoch === 1 && loop.before) {
    await record({ kind: 'epoch', phase: loop.phase, epoch: 0, seconds: 0, samplesPerSecond: 0, ...loop.before() });
  }
  for (let epoch = firstEpoch; epoch <= loop.epochs; epoch++) {
    const plan = planBatches(loop.samples, epoch, { batchSize: loop.batchSize, shuffle: options.shuffle, seed: options.seed });
    const results: R[] = [];
    let seconds = 0;
    for (let b = 0; b < plan.length; b++) {
      await yieldToEventLoop();
      if (options.signal?.aborted) throw new TrainingCancelledError(loop.phase, epoch);
      const batchStart = performance.now();
      const result = loop.step(plan[b], epoch, b);
      const batchSeconds = (performance.now() - batchStart) / 1000;
      seconds += batchSeconds;
      results.push(result);
      await emit({
        kind: 'batch', phase: loop.phase, epoch, batch: b, batches: plan.length, samples: plan[b].length, seconds: batchSeconds,
        ...(result.layers ? { layers: result.layers } : {}),
        ...(result.loss !== undefined ? { loss: result.loss } : {}),
        ...(result.accuracy !== undefined ? { accuracy: result.accuracy } : {}),
      });
    }
    const measured = await loop.after(epoch, results);
    await record({ kind: 'epoch', phase: loop.phase, epoch, seconds, samplesPerSecond: loop.samples / seconds, ...measured });
  }
  const seconds = (performance.now() - phaseStart) / 1000;
  await emit({ kind: 'phase-end', phase: loop.phase, seconds });
  return { epochs, seconds };
}
