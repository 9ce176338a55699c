import type { ImageSet } from '@hsic/data';
import type { Tensor2D } from '../tf.js';
import type { Readout } from '../model/readout.js';
import { loadBatch, planBatches } from './batches.js';
import { crossEntropyStep, evaluateOnFeatures } from './classification.js';
import type { FormatPhaseSettings } from './config.js';
import { TrainingCancelledError, type EpochEvent, type TrainingListener } from './events.js';
import { collectFeatures, type FeatureExtractor } from './features.js';
import { Sgd } from './sgd.js';
import { yieldToEventLoop } from './yield.js';

export interface ReadoutTrainingOptions {
  readonly settings: FormatPhaseSettings;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly firstEpoch?: number;
  readonly backend: string;
  readonly listener?: TrainingListener;
  readonly signal?: AbortSignal;
}

export interface ReadoutTrainingSummary {
  readonly epochs: readonly EpochEvent[];
  readonly seconds: number;
}

/**
 * Post-training ("format"): a Linear + softmax readout trained by SGD on the frozen net's
 * features, BatchNorm in inference mode. The net is frozen, so its features are computed once for
 * the whole set instead of once per batch and epoch; the updates are identical.
 */
export async function trainReadout(
  extractor: FeatureExtractor, readout: Readout, train: ImageSet, test: ImageSet, options: ReadoutTrainingOptions,
): Promise<ReadoutTrainingSummary> {
  const { settings } = options;
  const emit = options.listener ?? (() => undefined);
  const firstEpoch = options.firstEpoch ?? 1;
  const phaseStart = performance.now();
  const trainFeatures = collectFeatures(extractor, train);
  const testFeatures = collectFeatures(extractor, test);
  const width = extractor.outputSize;
  const featureSet: ImageSet = { images: trainFeatures, labels: train.labels, count: train.count, shape: { height: 1, width, channels: 1 }, classNames: train.classNames };
  const logits = (x: Tensor2D) => readout.logits(x);
  const sgd = new Sgd(settings);
  const batchesPerEpoch = planBatches(train.count, 0, { batchSize: settings.batchSize, shuffle: false, seed: 0 }).length;
  const epochs: EpochEvent[] = [];
  await emit({ kind: 'phase-start', phase: 'format', epochs: settings.epochs, firstEpoch, batchesPerEpoch, backend: options.backend });
  try {
    if (firstEpoch === 1) {
      const before = evaluateOnFeatures(logits, testFeatures, test.labels);
      const initial: EpochEvent = { kind: 'epoch', phase: 'format', epoch: 0, seconds: 0, samplesPerSecond: 0, testAccuracy: before.accuracy };
      epochs.push(initial);
      await emit(initial);
    }
    for (let epoch = firstEpoch; epoch <= settings.epochs; epoch++) {
      const plan = planBatches(train.count, epoch, { batchSize: settings.batchSize, shuffle: options.shuffle, seed: options.seed });
      const epochStart = performance.now();
      for (let b = 0; b < plan.length; b++) {
        await yieldToEventLoop();
        if (options.signal?.aborted) throw new TrainingCancelledError('format', epoch);
        const batchStart = performance.now();
        const batch = loadBatch(featureSet, plan[b]);
        const step = crossEntropyStep(() => logits(batch.x), batch.labels, readout.variables, sgd);
        batch.x.dispose();
        await emit({
          kind: 'batch', phase: 'format', epoch, batch: b, batches: plan.length, samples: plan[b].length,
          seconds: (performance.now() - batchStart) / 1000, loss: step.loss, accuracy: step.accuracy,
        });
      }
      const seconds = (performance.now() - epochStart) / 1000;
      const trainEval = evaluateOnFeatures(logits, trainFeatures, train.labels);
      const testEval = evaluateOnFeatures(logits, testFeatures, test.labels);
      const event: EpochEvent = {
        kind: 'epoch', phase: 'format', epoch, seconds, samplesPerSecond: train.count / seconds,
        trainLoss: trainEval.loss, trainAccuracy: trainEval.accuracy, testAccuracy: testEval.accuracy,
      };
      epochs.push(event);
      await emit(event);
    }
  } finally {
    sgd.dispose();
  }
  const seconds = (performance.now() - phaseStart) / 1000;
  await emit({ kind: 'phase-end', phase: 'format', seconds });
  return { epochs, seconds };
}
