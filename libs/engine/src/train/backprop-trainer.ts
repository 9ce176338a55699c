import type { ImageSet } from '@hsic/data';
import { tf, type Tensor2D } from '../tf.js';
import { layerObjective, prepareBatchTargets } from '../hsic/layer-objective.js';
import type { HsicNetwork } from '../model/network.js';
import type { Readout } from '../model/readout.js';
import { loadBatch, oneHotLabels, planBatches } from './batches.js';
import { crossEntropyStep, evaluateClassifier } from './classification.js';
import type { BackpropPhaseSettings } from './config.js';
import { TrainingCancelledError, type EpochEvent, type LayerMetrics, type TrainingListener } from './events.js';
import { Sgd } from './sgd.js';
import { yieldToEventLoop } from './yield.js';

export interface BackpropTrainingOptions {
  readonly settings: BackpropPhaseSettings;
  readonly classes: number;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly firstEpoch?: number;
  readonly backend: string;
  readonly listener?: TrainingListener;
  readonly signal?: AbortSignal;
}

export interface BackpropTrainingSummary {
  readonly epochs: readonly EpochEvent[];
  readonly seconds: number;
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
): Promise<BackpropTrainingSummary> {
  const { settings } = options;
  const emit = options.listener ?? (() => undefined);
  const firstEpoch = options.firstEpoch ?? 1;
  const variables = [...network.blocks.flatMap((b) => b.parameters), ...readout.variables];
  const sgd = new Sgd(settings);
  const evalLogits = (x: Tensor2D) => networkLogits(network, readout, x, 'eval');
  const batchesPerEpoch = planBatches(train.count, 0, { batchSize: settings.batchSize, shuffle: false, seed: 0 }).length;
  const epochs: EpochEvent[] = [];
  const phaseStart = performance.now();
  await emit({ kind: 'phase-start', phase: 'backprop', epochs: settings.epochs, firstEpoch, batchesPerEpoch, backend: options.backend });
  try {
    if (firstEpoch === 1) {
      const before = evaluateClassifier(evalLogits, test);
      const initial: EpochEvent = { kind: 'epoch', phase: 'backprop', epoch: 0, seconds: 0, samplesPerSecond: 0, testAccuracy: before.accuracy };
      epochs.push(initial);
      await emit(initial);
    }
    for (let epoch = firstEpoch; epoch <= settings.epochs; epoch++) {
      const plan = planBatches(train.count, epoch, { batchSize: settings.batchSize, shuffle: options.shuffle, seed: options.seed });
      const epochStart = performance.now();
      let monitorSeconds = 0;
      let lossSum = 0;
      let hitSum = 0;
      for (let b = 0; b < plan.length; b++) {
        await yieldToEventLoop();
        if (options.signal?.aborted) throw new TrainingCancelledError('backprop', epoch);
        const batchStart = performance.now();
        const batch = loadBatch(train, plan[b]);
        const step = crossEntropyStep(() => networkLogits(network, readout, batch.x, 'train'), batch.labels, variables, sgd);
        lossSum += step.loss * plan[b].length;
        hitSum += step.accuracy * plan[b].length;
        const monitorStart = performance.now();
        const layers = settings.monitorEvery > 0 && b % settings.monitorEvery === 0 ? monitorLayers(network, batch.x, batch.labels, options.classes, settings.monitorSigma) : undefined;
        monitorSeconds += (performance.now() - monitorStart) / 1000;
        batch.x.dispose();
        await emit({
          kind: 'batch', phase: 'backprop', epoch, batch: b, batches: plan.length, samples: plan[b].length,
          seconds: (performance.now() - batchStart) / 1000, loss: step.loss, accuracy: step.accuracy, ...(layers ? { layers } : {}),
        });
      }
      const seconds = (performance.now() - epochStart) / 1000 - monitorSeconds;
      const testEval = evaluateClassifier(evalLogits, test);
      const event: EpochEvent = {
        kind: 'epoch', phase: 'backprop', epoch, seconds, samplesPerSecond: train.count / seconds,
        trainLoss: lossSum / train.count, trainAccuracy: hitSum / train.count, testAccuracy: testEval.accuracy,
      };
      epochs.push(event);
      await emit(event);
    }
  } finally {
    sgd.dispose();
  }
  const seconds = (performance.now() - phaseStart) / 1000;
  await emit({ kind: 'phase-end', phase: 'backprop', seconds });
  return { epochs, seconds };
}

/** nHSIC of every block on one batch, as in the paper's Fig. 2 (β fixed at 1: only the two terms matter). */
function monitorLayers(network: HsicNetwork, x: Tensor2D, labels: Int32Array, classes: number, sigma: number): LayerMetrics[] {
  const y = oneHotLabels(labels, classes);
  const targets = prepareBatchTargets(x, y, { sigma, beta: 1 });
  // Batch statistics, as the reference monitors; nothing is folded into the running averages.
  const outputs = tf.tidy(() => network.forward(x, 'train').outputs.map((z) => tf.reshape(z, [z.shape[0], -1]) as Tensor2D));
  try {
    return outputs.map((z, layer) => {
      const objective = layerObjective(z, targets);
      objective.gradient.dispose();
      return { layer, nhsicX: objective.nhsicX, nhsicY: objective.nhsicY, loss: objective.loss };
    });
  } finally {
    tf.dispose([y, ...outputs]);
    targets.dispose();
  }
}
