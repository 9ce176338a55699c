import { compareEpochSeries, compareLayerSeries, configDifferences } from './compare-series';
import { aLayerGrid, anEpochRow } from './metrics.test-util';
import { RunMetrics } from './run-metrics';

const viewOf = (points: Parameters<RunMetrics['upsert']>[0]) => {
  const metrics = new RunMetrics();
  metrics.upsert(points);
  return metrics.view();
};

describe('compare series', () => {
  it('names every layer of every run and phase, on fractional epochs', () => {
    const pipeline = viewOf([...aLayerGrid('HSIC', 2, 2, 2), ...aLayerGrid('BACKPROP', 1, 4, 1)]);
    const series = compareLayerSeries([{ id: 'r1', label: 'r1 pipeline', view: pipeline }], 'nhsicY');
    expect(series.map((s) => s.label)).toEqual(['r1 pipeline · HSIC · layer 1', 'r1 pipeline · HSIC · layer 2', 'r1 pipeline · backprop · layer 1']);
    expect(series[0].x).toEqual([0.5, 1, 1.5, 2]);
    expect(series[2].x).toEqual([0.25, 0.5, 0.75, 1]);
    expect(new Set(series.map((s) => s.seriesKey)).size).toBe(3);
  });

  it('overlays per-epoch values of every phase of every run, skipping phases without them', () => {
    const a = viewOf([anEpochRow('FORMAT', 1, { testAccuracy: 0.9 }), anEpochRow('HSIC', 1, { seconds: 3 })]);
    const b = viewOf([anEpochRow('BACKPROP', 0, { testAccuracy: 0.1 }), anEpochRow('BACKPROP', 1, { testAccuracy: 0.8 })]);
    const series = compareEpochSeries(
      [
        { id: 'a', label: 'A', view: a },
        { id: 'b', label: 'B', view: b },
      ],
      'testAccuracy',
    );
    expect(series.map((s) => [s.label, s.x, s.y])).toEqual([
      ['A · format', [1], [0.9]],
      ['B · backprop', [0, 1], [0.1, 0.8]],
    ]);
  });

  it('lists only the config fields that differ, with a dash where a run lacks one', () => {
    expect(
      configDifferences([
        { seed: 1, hsic: { sigma: 5, epochs: 3 }, backprop: { epochs: 5 } },
        { seed: 1, hsic: { sigma: [1, 5], epochs: 3 } },
      ]),
    ).toEqual([
      { path: 'backprop.epochs', values: ['5', '—'] },
      { path: 'hsic.sigma', values: ['5', '[1,5]'] },
    ]);
  });
});
