import { epochChartData, layerChartData, overlayChartData } from './chart-data';
import { columnsOf, pointsOf } from './metric-point';
import { aLayerGrid, aLayerPoint, anEpochRow } from './metrics.test-util';
import { layerLabel, RunMetrics } from './run-metrics';
import { seriesStats } from './series-stats';
import { smooth } from './smoothing';

describe('smooth (TensorBoard EMA)', () => {
  it('is debiased: a constant series stays constant from its first value', () => {
    expect(smooth([5, 5, 5, 5], 0.9)).toEqual([5, 5, 5, 5].map(() => expect.closeTo(5, 12)));
  });

  it('follows the recurrence and lets gaps through without resetting', () => {
    const out = smooth([1, null, 3, Number.NaN, 5], 0.5);
    // last: 0.5 → 0.5·0.5 + 1.5 = 1.75 → 0.875 + 2.5 = 3.375; debiased by 1 − 0.5^n
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeNull();
    expect(out[2]).toBeCloseTo(1.75 / 0.75, 12);
    expect(out[3]).toBeNaN();
    expect(out[4]).toBeCloseTo(3.375 / 0.875, 12);
  });

  it('returns the values themselves at weight 0 and refuses weights outside [0, 1)', () => {
    expect(smooth([1, 2, 3], 0)).toEqual([1, 2, 3]);
    expect(() => smooth([1], 1)).toThrow('smoothing weight must be in [0, 1), got 1');
    expect(() => smooth([1], -0.1)).toThrow(RangeError);
  });
});

describe('seriesStats', () => {
  it('gives min, max and the last finite value', () => {
    expect(seriesStats([null, 3, 1, Number.NaN, 2, null])).toEqual({ min: 1, max: 3, last: 2, count: 3 });
    expect(seriesStats([null, undefined])).toEqual({ min: null, max: null, last: null, count: 0 });
  });
});

describe('wire columns', () => {
  it('round-trip points, nulls in place', () => {
    const points = [aLayerPoint('BACKPROP', 3, 17, 2, { nhsicX: null }), anEpochRow('FORMAT', 1, { testAccuracy: 0.9 })];
    expect(pointsOf(columnsOf(points))).toEqual(points);
    expect(columnsOf([])).toMatchObject({ count: 0, phase: [] });
  });

  it('refuse columns of different lengths or points without a key', () => {
    const columns = columnsOf([aLayerPoint('HSIC', 1, 0, 0)]);
    expect(() => pointsOf({ ...columns, loss: [] })).toThrow('metric columns: loss holds 0 values, expected 1');
    expect(() => pointsOf({ ...columns, epoch: [null] })).toThrow('point 0 has no complete key');
  });
});

describe('RunMetrics', () => {
  it('builds one series per layer in batch order, whatever order points arrive in', () => {
    const metrics = new RunMetrics();
    const grid = aLayerGrid('HSIC', 2, 3, 2);
    metrics.upsert([...grid].reverse());
    const { layers, stepCounts, pointCount } = metrics.view();
    expect(pointCount).toBe(12);
    expect(layers.map((s) => s.key)).toEqual(['HSIC|0|0', 'HSIC|0|1']);
    expect(layers[0].steps).toEqual([0, 1, 2, 3, 4, 5]);
    expect(layers[0].epochOf).toEqual([1, 1, 1, 2, 2, 2]);
    expect(layers[0].epochs.map((e) => e.toFixed(3))).toEqual(['0.333', '0.667', '1.000', '1.333', '1.667', '2.000']);
    expect(layers[1].nhsicY[4]).toBeCloseTo(0.1 + 0.1 + 0.001, 12);
    expect(stepCounts.get('HSIC|0')).toBe(6);
  });

  it('measures the epoch in progress against the one before', () => {
    const metrics = new RunMetrics();
    metrics.upsert([...aLayerGrid('HSIC', 1, 4, 1), aLayerPoint('HSIC', 2, 0, 0)]);
    expect(metrics.view().layers[0].epochs.at(-1)).toBeCloseTo(1.25, 12);
  });

  it('merges a point written twice: later values win, nulls keep what was there; no change, no new version', () => {
    const metrics = new RunMetrics();
    metrics.upsert([anEpochRow('FORMAT', 1, { trainAccuracy: 0.8, seconds: 2 })]);
    const version = metrics.version;
    expect(metrics.upsert([anEpochRow('FORMAT', 1, { trainAccuracy: 0.8, seconds: 2 })])).toBe(false);
    expect(metrics.version).toBe(version);
    metrics.upsert([anEpochRow('FORMAT', 1, { testAccuracy: 0.9 })]);
    expect(metrics.view().epochSummaries).toEqual([
      { phase: 'FORMAT', net: 0, epochs: [1], testAccuracy: [0.9], trainAccuracy: [0.8], loss: [null], seconds: [2] },
    ]);
    expect(metrics.size).toBe(1);
  });

  it('keeps readout batches (layer −1) apart from the layers, and epoch rows apart from batches', () => {
    const metrics = new RunMetrics();
    metrics.upsert([
      aLayerPoint('BACKPROP', 1, 0, -1, { nhsicX: null, nhsicY: null, loss: 2.3, accuracy: 0.1 }),
      aLayerPoint('BACKPROP', 1, 1, -1, { nhsicX: null, nhsicY: null, loss: 1.9, accuracy: 0.3 }),
      anEpochRow('BACKPROP', 0, { testAccuracy: 0.1 }),
      anEpochRow('BACKPROP', 1, { testAccuracy: 0.7, trainAccuracy: 0.6, loss: 1.1 }),
    ]);
    const view = metrics.view();
    expect(view.layers).toEqual([]);
    expect(view.readouts).toEqual([{ phase: 'BACKPROP', net: 0, steps: [0, 1], epochs: [0.5, 1], loss: [2.3, 1.9], accuracy: [0.1, 0.3] }]);
    expect(view.epochSummaries[0].epochs).toEqual([0, 1]);
  });

  it('clears for a fresh snapshot', () => {
    const metrics = new RunMetrics();
    metrics.upsert(aLayerGrid('HSIC', 1, 2, 1));
    metrics.clear();
    expect(metrics.view().pointCount).toBe(0);
  });

  it('names layers 1-based, with the net in a σ-combined run', () => {
    expect(layerLabel({ net: 0, layer: 0 }, false)).toBe('layer 1');
    expect(layerLabel({ net: 2, layer: 4 }, true)).toBe('net 3 · layer 5');
  });
});

describe('chart data', () => {
  it('puts every layer on the shared batch axis, raw and smoothed, with its stats', () => {
    const metrics = new RunMetrics();
    metrics.upsert(aLayerGrid('HSIC', 2, 3, 2).filter((p) => !(p.layer === 1 && p.epoch === 1 && p.batch === 1)));
    const chart = layerChartData(metrics.view().layers, 'nhsicX', 0.6);
    expect(chart.data[0]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(chart.lines.map((l) => [l.label, l.role])).toEqual([
      ['layer 1 (raw)', 'raw'],
      ['layer 1', 'smoothed'],
      ['layer 2 (raw)', 'raw'],
      ['layer 2', 'smoothed'],
    ]);
    expect(chart.data[3][1]).toBeNull(); // the missing batch of layer 2
    expect(chart.lines[0].stats).toMatchObject({ max: 0.9, count: 6 });
    expect(layerChartData(metrics.view().layers, 'nhsicY', 0).lines.map((l) => l.role)).toEqual(['raw', 'raw']);
  });

  it('lines phases up by epoch and leaves out phases without the value', () => {
    const chart = epochChartData(
      [
        { phase: 'HSIC', net: 0, epochs: [1, 2], testAccuracy: [null, null], trainAccuracy: [null, null], loss: [null, null], seconds: [3, 3] },
        { phase: 'FORMAT', net: 0, epochs: [0, 1, 2, 3], testAccuracy: [0.1, 0.8, 0.85, 0.9], trainAccuracy: [null, 0.8, 0.9, 0.95], loss: [null, 1, 0.5, 0.3], seconds: [0, 1, 1, 1] },
        { phase: 'BACKPROP', net: 0, epochs: [0, 1], testAccuracy: [0.1, 0.7], trainAccuracy: [null, 0.6], loss: [null, 1.2], seconds: [0, 1] },
      ],
      'testAccuracy',
    );
    expect(chart.data[0]).toEqual([0, 1, 2, 3]);
    expect(chart.lines.map((l) => l.label)).toEqual(['format', 'backprop']);
    expect(chart.data[2]).toEqual([0.1, 0.7, null, null]);
    expect(chart.lines[0].stats).toEqual({ min: 0.1, max: 0.9, last: 0.9, count: 4 });
  });

  it('overlays series with their own x values on one axis', () => {
    const chart = overlayChartData(
      [
        { seriesKey: 'a', label: 'run A', x: [0.5, 1], y: [1, 2], colorIndex: 0 },
        { seriesKey: 'b', label: 'run B', x: [0.25, 0.5, 0.75, 1], y: [4, 3, 2, 1], colorIndex: 1 },
      ],
      0,
    );
    expect(chart.data).toEqual([
      [0.25, 0.5, 0.75, 1],
      [null, 1, null, 2],
      [4, 3, 2, 1],
    ]);
    expect(chart.lines.map((l) => l.stats.last)).toEqual([2, 1]);
    const smoothed = overlayChartData([{ seriesKey: 'a', label: 'A', x: [0, 1, 2], y: [1, 1, 1], colorIndex: 0 }], 0.5);
    expect(smoothed.lines.map((l) => l.role)).toEqual(['raw', 'smoothed']);
    expect(smoothed.data[2]).toEqual([1, 1, 1].map(() => expect.closeTo(1, 12)));
  });
});
