import { EPOCH_ROW, NOT_PER_LAYER, type MetricPointInput } from '@hsic/contracts';
import type { BatchEvent, EpochEvent, LayerMetrics, TrainingEvent } from '@hsic/engine';

/**
 * The metric rows of one training event, keyed (phase, net, epoch, batch, layer):
 * - a batch: one row per block when the event has per-layer measurements (HSIC; backprop when monitored),
 *   plus one row with layer −1 when it has a readout loss (format, backprop);
 * - an epoch: batch −1; one row per block with the epoch means when it has them, and always one row with
 *   layer −1 (time, train loss/accuracy, test accuracy; for an HSIC net with a class-wide last block the
 *   unformatted test accuracy of the served model: running BatchNorm statistics). Epoch 0 is the evaluation
 *   before training.
 * Phase boundaries write nothing.
 */
export function metricPointsOf(event: TrainingEvent, net: number): MetricPointInput[] {
  switch (event.kind) {
    case 'batch':
      return batchPoints(event, net);
    case 'epoch':
      return epochPoints(event, net);
    default:
      return [];
  }
}

function batchPoints(event: BatchEvent, net: number): MetricPointInput[] {
  const key = { phase: event.phase, net, epoch: event.epoch, batch: event.batch };
  const timing = { seconds: event.seconds, samples: event.samples };
  const points: MetricPointInput[] = (event.layers ?? []).map((layer) => ({ ...key, ...layerValues(layer), ...timing }));
  if (event.loss !== undefined || points.length === 0) {
    points.push({ ...key, layer: NOT_PER_LAYER, loss: event.loss ?? null, accuracy: event.accuracy ?? null, ...timing });
  }
  return points;
}

function epochPoints(event: EpochEvent, net: number): MetricPointInput[] {
  const key = { phase: event.phase, net, epoch: event.epoch, batch: EPOCH_ROW };
  const points: MetricPointInput[] = (event.layers ?? []).map((layer) => ({ ...key, ...layerValues(layer) }));
  const samples = Math.round(event.samplesPerSecond * event.seconds);
  points.push({
    ...key,
    layer: NOT_PER_LAYER,
    seconds: event.seconds,
    samples: samples > 0 ? samples : null,
    loss: event.trainLoss ?? null,
    trainAccuracy: event.trainAccuracy ?? null,
    testAccuracy: event.testAccuracy ?? event.unformatted?.served ?? null,
  });
  return points;
}

const layerValues = (layer: LayerMetrics) => ({ layer: layer.layer, nhsicX: layer.nhsicX, nhsicY: layer.nhsicY, loss: layer.loss });
