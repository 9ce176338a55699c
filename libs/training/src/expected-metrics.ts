import type { MetricPoint } from '@hsic/contracts';
import { blockCount, sigmasOf, type TrainingConfig } from '@hsic/engine';

/** A metric point's key as text (phase/net/epoch/batch/layer): the identity a rewrite keeps. */
export const metricKey = (p: Pick<MetricPoint, 'phase' | 'net' | 'epoch' | 'batch' | 'layer'>): string =>
  `${p.phase}/${p.net}/${p.epoch}/${p.batch}/${p.layer}`;

/**
 * Every metric key a complete run of `config` writes for the phases given, on `trainCount` training images
 * (see metric-points.ts): HSIC: per net and epoch, a row per block and batch, a row per block for the epoch,
 * one epoch row; readouts: the epoch-0 evaluation, then per epoch one row per batch and one epoch row. What
 * a check that a run lost no point compares the stored keys with.
 */
export function expectedMetricKeys(config: TrainingConfig, phases: readonly ('hsic' | 'format' | 'backprop')[], trainCount: number): string[] {
  const batches = (batchSize: number) => Math.ceil(trainCount / batchSize);
  const keys: string[] = [];
  if (phases.includes('hsic') && config.hsic) {
    const blocks = blockCount({ ...config.model, inputShape: [28, 28, 1], classes: 10 });
    for (let net = 0; net < sigmasOf(config.hsic).length; net++) {
      for (let epoch = 1; epoch <= config.hsic.epochs; epoch++) {
        for (let batch = 0; batch < batches(config.hsic.batchSize); batch++) {
          for (let layer = 0; layer < blocks; layer++) keys.push(metricKey({ phase: 'hsic', net, epoch, batch, layer }));
        }
        for (let layer = -1; layer < blocks; layer++) keys.push(metricKey({ phase: 'hsic', net, epoch, batch: -1, layer }));
      }
    }
  }
  for (const phase of ['format', 'backprop'] as const) {
    const settings = config[phase];
    if (!phases.includes(phase) || !settings) continue;
    keys.push(metricKey({ phase, net: 0, epoch: 0, batch: -1, layer: -1 }));
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      for (let batch = -1; batch < batches(settings.batchSize); batch++) keys.push(metricKey({ phase, net: 0, epoch, batch, layer: -1 }));
    }
  }
  return keys.sort();
}
