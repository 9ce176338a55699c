import type { ImageSet } from '@hsic/data';
import { prepareBatchTargets, type BatchTargets } from '../hsic/layer-objective.js';
import type { HsicNetwork } from '../model/network.js';
import { loadBatch, oneHotLabels } from './batches.js';
import type { HsicPhaseSettings } from './config.js';
import { runEpochs, type PhaseRunOptions, type PhaseSummary } from './epoch-loop.js';
import type { EpochEvent, LayerMetrics } from './events.js';
import { parallelHsicStep, sequentialHsicStep } from './hsic-step.js';
import { Sgd } from './sgd.js';
import { TargetCache } from './target-cache.js';

export interface HsicTrainingOptions extends PhaseRunOptions {
  readonly settings: HsicPhaseSettings;
  /** The σ of this network (one entry of settings.sigma). */
  readonly sigma: number;
  readonly classes: number;
  /** Extra per-epoch measurements (e.g. the unformatted readout), merged into the epoch event. */
  readonly evaluate?: (epoch: number) => Promise<Partial<EpochEvent>> | Partial<EpochEvent>;
}

/** Layer-wise HSIC-bottleneck training of every block of `network`, in place. */
export async function trainHsic(network: HsicNetwork, train: ImageSet, options: HsicTrainingOptions): Promise<PhaseSummary> {
  const { settings } = options;
  const objective = { sigma: options.sigma, beta: settings.beta, epsilon: settings.epsilon };
  const sgd = new Sgd(settings);
  // Targets depend only on a batch's samples: with unshuffled batches they are reused every epoch.
  const cache = new TargetCache(options.shuffle ? 0 : settings.targetCacheMegabytes * 2 ** 20);
  const step = (indices: Int32Array, _epoch: number, batchIndex: number): { layers: LayerMetrics[] } => {
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
      const layers =
        settings.schedule === 'parallel' ? parallelHsicStep(network, batch.x, targets, sgd) : sequentialHsicStep(network, batch.x, targets, sgd, settings);
      return { layers };
    } finally {
      batch.x.dispose();
      if (owned) targets?.dispose();
    }
  };
  try {
    return await runEpochs(
      {
        phase: 'hsic',
        epochs: settings.epochs,
        batchSize: settings.batchSize,
        samples: train.count,
        step,
        after: async (epoch, results) => ({
          layers: network.blocks.map((_, layer) => {
            const mean = (pick: (m: LayerMetrics) => number) => results.reduce((s, r) => s + pick(r.layers[layer]), 0) / results.length;
            return { layer, nhsicX: mean((m) => m.nhsicX), nhsicY: mean((m) => m.nhsicY), loss: mean((m) => m.loss) };
          }),
          ...(options.evaluate ? await options.evaluate(epoch) : {}),
        }),
      },
      options,
    );
  } finally {
    cache.dispose();
    sgd.dispose();
  }
}
