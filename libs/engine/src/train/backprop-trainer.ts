import type { ImageSet } from '@hsic/data';
import { tf, type Tensor2D } from '../tf.js';
import { layerDependence, prepareBatchTargets } from '../hsic/layer-objective.js';
import type { HsicNetwork } from '../model/network.js';
import type { Readout } from '../model/readout.js';
import { loadBatch, oneHotLabels } from './batches.js';
import { crossEntropyStep, evaluateClassifier } from './classification.js';
import type { BackpropPhaseSettings } from './config.js';
import type { LayerMetrics } from './events.js';
import { runEpochs, type PhaseRunOptions, type PhaseSummary } from './epoch-loop.js';
import { Sgd } from './sgd.js';

export interface BackpropTrainingOptions extends PhaseRunOptions {
  readonly settings: BackpropPhaseSettings;
  readonly classes: number;
}

/** Logits of the whole net plus readout; in train mode the batch statistics are folded into the running ones. */
export function networkLogits(network: HsicNetwork, readout: Readout, x: Tensor2D, mode: 'train' | 'eval'): Tensor2D {
  const { outputs, stats } = network.forward(x, mode);
  if (mode === 'train') network.blocks.forEach((block, j) => block.norms.forEach((norm, k) => norm.accumulate(stats[j][k])));
  return readout.logits(tf.reshape(outputs[outputs.length - 1], [x.shape[0], -1]) as Tensor2D);
}

/** The baseline: the same architecture, initialisation and seed, trained end to end by cross-entropy. */
export async function trainBackprop(
  network: HsicNetwork, readout: Readout, train: ImageSet, test: ImageSet, options: BackpropTrainingOptions,
): Promise<PhaseSummary> {
  const { settings } = options;
  const variables = [...network.blocks.flatMap((b) => b.parameters), ...readout.variables];
  const sgd = new Sgd(settings);
  const evalLogits = (x: Tensor2D) => networkLogits(network, readout, x, 'eval');
  try {
    return await runEpochs(
      {
        phase: 'backprop',
        epochs: settings.epochs,
        batchSize: settings.batchSize,
        samples: train.count,
        before: () => ({ testAccuracy: evaluateClassifier(evalLogits, test).accuracy }),
        step: (indices, _epoch, b) => {
          const batch = loadBatch(train, indices);
          const result = crossEntropyStep(() => networkLogits(network, readout, batch.x, 'train'), batch.labels, variables, sgd);
          // Monitoring (Fig. 2 of the paper) costs an m×m inversion per block, so it is opt-in and sparse.
          const layers = settings.monitorEvery > 0 && b % settings.monitorEvery === 0 ? monitorLayers(network, batch.x, batch.labels, options.classes, settings) : undefined;
          batch.x.dispose();
          return { ...result, samples: indices.length, ...(layers ? { layers } : {}) };
        },
        after: (_epoch, results) => {
          const samples = results.reduce((n, r) => n + r.samples, 0);
          return {
            trainLoss: results.reduce((s, r) => s + r.loss * r.samples, 0) / samples,
            trainAccuracy: results.reduce((s, r) => s + r.accuracy * r.samples, 0) / samples,
            testAccuracy: evaluateClassifier(evalLogits, test).accuracy,
          };
        },
      },
      options,
    );
  } finally {
    sgd.dispose();
  }
}

/** nHSIC of every block (or the last) on one batch, as in the paper's Fig. 2 (β fixed at 1: only the two terms matter). */
function monitorLayers(network: HsicNetwork, x: Tensor2D, labels: Int32Array, classes: number, settings: BackpropPhaseSettings): LayerMetrics[] {
  const y = oneHotLabels(labels, classes);
  const targets = prepareBatchTargets(x, y, { sigma: settings.monitorSigma, beta: 1 });
  // Batch statistics, as the reference monitors; nothing is folded into the running averages.
  const outputs = tf.tidy(() => network.forward(x, 'train').outputs.map((z) => tf.reshape(z, [z.shape[0], -1]) as Tensor2D));
  try {
    const first = settings.monitorLayers === 'last' ? outputs.length - 1 : 0;
    return outputs.slice(first).map((z, k) => ({ layer: first + k, ...layerDependence(z, targets) }));
  } finally {
    tf.dispose([y, ...outputs]);
    targets.dispose();
  }
}
