import type { ImageSet } from '@hsic/data';
import type { Tensor2D } from '../tf.js';
import type { Readout } from '../model/readout.js';
import { loadBatch } from './batches.js';
import { crossEntropyStep, evaluateOnFeatures } from './classification.js';
import type { FormatPhaseSettings } from './config.js';
import { runEpochs, type PhaseRunOptions, type PhaseSummary } from './epoch-loop.js';
import { collectFeatures, type FeatureExtractor } from './features.js';
import { Sgd } from './sgd.js';

export interface ReadoutTrainingOptions extends PhaseRunOptions {
  readonly settings: FormatPhaseSettings;
}

/**
 * Post-training ("format"): a Linear + softmax readout trained by SGD on the frozen net's
 * features, BatchNorm in inference mode. The net is frozen, so its features are computed once for
 * the whole set instead of once per batch and epoch; the updates are identical.
 */
export async function trainReadout(
  extractor: FeatureExtractor, readout: Readout, train: ImageSet, test: ImageSet, options: ReadoutTrainingOptions,
): Promise<PhaseSummary> {
  const { settings } = options;
  const trainFeatures = collectFeatures(extractor, train);
  const testFeatures = collectFeatures(extractor, test);
  const featureSet: ImageSet = { ...train, images: trainFeatures, shape: { height: 1, width: extractor.outputSize, channels: 1 } };
  const logits = (x: Tensor2D) => readout.logits(x);
  const sgd = new Sgd(settings);
  try {
    return await runEpochs(
      {
        phase: 'format',
        epochs: settings.epochs,
        batchSize: settings.batchSize,
        samples: train.count,
        before: () => ({ testAccuracy: evaluateOnFeatures(logits, testFeatures, test.labels).accuracy }),
        step: (indices) => {
          const batch = loadBatch(featureSet, indices);
          const result = crossEntropyStep(() => logits(batch.x), batch.labels, readout.variables, sgd);
          batch.x.dispose();
          return result;
        },
        after: () => {
          const trainEval = evaluateOnFeatures(logits, trainFeatures, train.labels);
          return { trainLoss: trainEval.loss, trainAccuracy: trainEval.accuracy, testAccuracy: evaluateOnFeatures(logits, testFeatures, test.labels).accuracy };
        },
      },
      options,
    );
  } finally {
    sgd.dispose();
  }
}
