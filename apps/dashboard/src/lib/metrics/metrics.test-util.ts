import type { MetricPoint, Phase } from './metric-point';

/** A per-layer batch point with values derived from its key, unless given. */
export const aLayerPoint = (phase: Phase, epoch: number, batch: number, layer: number, values: Partial<MetricPoint> = {}): MetricPoint => ({
  phase,
  net: 0,
  epoch,
  batch,
  layer,
  nhsicX: 0.9 - layer / 10 - batch / 1000,
  nhsicY: 0.1 + layer / 10 + batch / 1000,
  loss: -batch / 100,
  accuracy: null,
  trainAccuracy: null,
  testAccuracy: null,
  seconds: 0.05,
  ...values,
});

/** An epoch summary row (batch −1, layer −1). */
export const anEpochRow = (phase: Phase, epoch: number, values: Partial<MetricPoint> = {}): MetricPoint => ({
  phase,
  net: 0,
  epoch,
  batch: -1,
  layer: -1,
  nhsicX: null,
  nhsicY: null,
  loss: null,
  accuracy: null,
  trainAccuracy: null,
  testAccuracy: null,
  seconds: null,
  ...values,
});

/** Every per-layer point of `epochs` × `batches` × `layers` of one phase. */
export function aLayerGrid(phase: Phase, epochs: number, batches: number, layers: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) for (let batch = 0; batch < batches; batch++) for (let layer = 0; layer < layers; layer++) points.push(aLayerPoint(phase, epoch, batch, layer));
  return points;
}
