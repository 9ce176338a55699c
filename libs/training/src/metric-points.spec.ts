import type { TrainingEvent } from '@hsic/engine';
import { metricPointsOf } from './metric-points.js';

const layer = (index: number) => ({ layer: index, nhsicX: 0.5 + index, nhsicY: 0.25 + index, loss: -1 - index });

describe('metricPointsOf', () => {
  it('writes one row per block for an HSIC batch, under the given net', () => {
    const event: TrainingEvent = { kind: 'batch', phase: 'hsic', epoch: 3, batch: 7, batches: 8, samples: 64, seconds: 0.2, layers: [layer(0), layer(1)] };
    expect(metricPointsOf(event, 2)).toEqual([
      { phase: 'hsic', net: 2, epoch: 3, batch: 7, layer: 0, nhsicX: 0.5, nhsicY: 0.25, loss: -1, seconds: 0.2, samples: 64 },
      { phase: 'hsic', net: 2, epoch: 3, batch: 7, layer: 1, nhsicX: 1.5, nhsicY: 1.25, loss: -2, seconds: 0.2, samples: 64 },
    ]);
  });

  it('writes one not-per-layer row for a readout batch, plus monitored blocks when there are any', () => {
    const plain: TrainingEvent = { kind: 'batch', phase: 'format', epoch: 1, batch: 0, batches: 2, samples: 128, seconds: 0.01, loss: 2.1, accuracy: 0.3 };
    expect(metricPointsOf(plain, 0)).toEqual([{ phase: 'format', net: 0, epoch: 1, batch: 0, layer: -1, loss: 2.1, accuracy: 0.3, seconds: 0.01, samples: 128 }]);
    const monitored: TrainingEvent = { ...plain, phase: 'backprop', layers: [layer(0)] };
    expect(metricPointsOf(monitored, 0).map((p) => [p.layer, p.loss])).toEqual([
      [0, -1],
      [-1, 2.1],
    ]);
  });

  it('writes the epoch means per block and one epoch row with times and accuracies', () => {
    const hsic: TrainingEvent = {
      kind: 'epoch', phase: 'hsic', epoch: 2, seconds: 4, samplesPerSecond: 64, layers: [layer(0)],
      unformatted: { sameSplit: 0.8, trainFitted: 0.75, served: 0.7, mapping: [] },
    };
    expect(metricPointsOf(hsic, 0)).toEqual([
      { phase: 'hsic', net: 0, epoch: 2, batch: -1, layer: 0, nhsicX: 0.5, nhsicY: 0.25, loss: -1 },
      { phase: 'hsic', net: 0, epoch: 2, batch: -1, layer: -1, seconds: 4, samples: 256, loss: null, trainAccuracy: null, testAccuracy: 0.7 },
    ]);
    const before: TrainingEvent = { kind: 'epoch', phase: 'backprop', epoch: 0, seconds: 0, samplesPerSecond: 0, testAccuracy: 0.1 };
    expect(metricPointsOf(before, 0)).toEqual([
      { phase: 'backprop', net: 0, epoch: 0, batch: -1, layer: -1, seconds: 0, samples: null, loss: null, trainAccuracy: null, testAccuracy: 0.1 },
    ]);
  });

  it('writes nothing at phase boundaries', () => {
    expect(metricPointsOf({ kind: 'phase-start', phase: 'hsic', epochs: 2, firstEpoch: 1, batchesPerEpoch: 4, backend: 'cpu' }, 0)).toEqual([]);
    expect(metricPointsOf({ kind: 'phase-end', phase: 'hsic', seconds: 1 }, 0)).toEqual([]);
  });
});
