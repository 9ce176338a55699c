import type { ImageSet } from '@hsic/data';
import { prepareBatchTargets, type BatchTargets } from '../hsic/layer-objective.js';
import type { HsicNetwork } from '../model/network.js';
import { loadBatch, oneHotLabels, planBatches } from './batches.js';
import type { HsicPhaseSettings } from './config.js';
import { TrainingCancelledError, type EpochEvent, type LayerMetrics, type TrainingListener } from './events.js';
import { parallelHsicStep, sequentialHsicStep } from './hsic-step.js';
import { Sgd } from './sgd.js';
import { yieldToEventLoop } from './yield.js';
import { TargetCache } from './target-cache.js';

export interface HsicTrainingOptions {
  readonly settings: HsicPhaseSettings;
  /** The σ of this network (one entry of settings.sigma). */
  readonly sigma: number;
  readonly classes: number;
  readonly seed: number;
  readonly shuffle: boolean;
  /** 1-based epoch to start from, when resuming a checkpoint taken after epoch firstEpoch − 1. */
  readonly firstEpoch?: number;
  readonly backend: string;
  readonly listener?: TrainingListener;
  readonly signal?: AbortSignal;
  /** Extra per-epoch measurements (e.g. the unformatted readout), merged into the epoch event. */
  readonly evaluate?: (epoch: number) => Promise<Partial<EpochEvent>> | Partial<EpochEvent>;
}

export interface HsicTrainingSummary {
  readonly epochs: readonly EpochEvent[];
  readonly seconds: number;
}

/** Layer-wise HSIC-bottleneck training of every block of `network`, in place. */
export async function trainHsic(network: HsicNetwork, train: ImageSet, options: HsicTrainingOptions): Promise<HsicTrainingSummary> {
  const { settings } = options;
  const emit = options.listener ?? (() => undefined);
  const objective = { sigma: options.sigma, beta: settings.beta, epsilon: settings.epsilon };
  const sgd = new Sgd(settings);
  const cache = new TargetCache(options.shuffle ? 0 : settings.targetCacheMegabytes * 2 ** 20);
  const firstEpoch = options.firstEpoch ?? 1;
  const batchesPerEpoch = planBatches(train.count, 0, { batchSize: settings.batchSize, shuffle: false, seed: 0 }).length;
  const epochs: EpochEvent[] = [];
  const phaseStart = performance.now();
  await emit({ kind: 'phase-start', phase: 'hsic', epochs: settings.epochs, firstEpoch, batchesPerEpoch, backend: options.backend });
  try {
    for (let epoch = firstEpoch; epoch <= settings.epochs; epoch++) {
      const plan = planBatches(train.count, epoch, { batchSize: settings.batchSize, shuffle: options.shuffle, seed: options.seed });
      const sums: LayerMetrics[] = network.blocks.map((_, layer) => ({ layer, nhsicX: 0, nhsicY: 0, loss: 0 }));
      const epochStart = performance.now();
      for (let b = 0; b < plan.length; b++) {
        await yieldToEventLoop();
        if (options.signal?.aborted) throw new TrainingCancelledError('hsic', epoch);
        const batchStart = performance.now();
        const layers = hsicBatch(network, train, plan[b], b, cache, objective, options, sgd);
        layers.forEach((m, i) => {
          sums[i] = { layer: i, nhsicX: sums[i].nhsicX + m.nhsicX, nhsicY: sums[i].nhsicY + m.nhsicY, loss: sums[i].loss + m.loss };
        });
        await emit({
          kind: 'batch', phase: 'hsic', epoch, batch: b, batches: plan.length, samples: plan[b].length,
          seconds: (performance.now() - batchStart) / 1000, layers,
        });
      }
      const seconds = (performance.now() - epochStart) / 1000;
      const extra = options.evaluate ? await options.evaluate(epoch) : {};
      const event: EpochEvent = {
        kind: 'epoch', phase: 'hsic', epoch, seconds, samplesPerSecond: train.count / seconds,
        layers: sums.map((s) => ({ layer: s.layer, nhsicX: s.nhsicX / plan.length, nhsicY: s.nhsicY / plan.length, loss: s.loss / plan.length })),
        ...extra,
      };
      epochs.push(event);
      await emit(event);
    }
  } finally {
    cache.dispose();
    sgd.dispose();
  }
  const seconds = (performance.now() - phaseStart) / 1000;
  await emit({ kind: 'phase-end', phase: 'hsic', seconds });
  return { epochs, seconds };
}

function hsicBatch(
  network: HsicNetwork, train: ImageSet, indices: Int32Array, batchIndex: number, cache: TargetCache,
  objective: { sigma: number; beta: number; epsilon: number }, options: HsicTrainingOptions, sgd: Sgd,
) {
  const batch = loadBatch(train, indices);
  let targets: BatchTargets | undefined = cache.get(batchIndex);
  let owned = false;
  try {
    if (!targets) {
      const y = oneHotLabels(batch.labels, options.classes);
      targets = prepareBatchTargets(batch.x, y, objective);
      y.dispose();
      owned = !cache.offer(batchIndex, targets);
    }
    return options.settings.schedule === 'parallel'
      ? parallelHsicStep(network, batch.x, targets, sgd)
      : sequentialHsicStep(network, batch.x, targets, sgd, options.settings);
  } finally {
    batch.x.dispose();
    if (owned) targets?.dispose();
  }
}
