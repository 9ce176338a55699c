import { toMetricColumns, type MetricPointInput } from '@hsic/contracts';
import { aBatchPoint, aDataset, anEpochPoint, aRunInput } from './builders.test-util.js';
import type { GetContext } from './suite-context.test-util.js';

export function describeMetrics(context: GetContext): void {
  describe('metrics repository', () => {
    let datasetName: string;
    const newRun = async () => (await context().repos.runs.create(aRunInput(datasetName))).id;
    beforeAll(async () => {
      [{ name: datasetName }] = await context().repos.datasets.upsertMany([aDataset()]);
    });

    it('stores batch and epoch points and reads them back in (phase, net, epoch, batch, layer) order', async () => {
      const { metrics } = context().repos;
      const runId = await newRun();
      // Written out of order, later phases first: reading must follow the pipeline (hsic, format, backprop).
      const written: MetricPointInput[] = [
        anEpochPoint('backprop', 1),
        aBatchPoint('format', 1, 0, -1, { accuracy: 0.5 }),
        aBatchPoint('hsic', 1, 1, 0),
        anEpochPoint('hsic', 1),
        aBatchPoint('hsic', 1, 0, 1),
        aBatchPoint('hsic', 1, 0, 0),
        aBatchPoint('hsic', 1, 0, 0, { net: 1 }),
      ];
      expect(await metrics.upsertMany(runId, written)).toBe(7);
      const read = await metrics.query(runId);
      expect(read.map((p) => [p.phase, p.net, p.epoch, p.batch, p.layer])).toEqual([
        ['hsic', 0, 1, -1, -1],
        ['hsic', 0, 1, 0, 0],
        ['hsic', 0, 1, 0, 1],
        ['hsic', 0, 1, 1, 0],
        ['hsic', 1, 1, 0, 0],
        ['format', 0, 1, 0, -1],
        ['backprop', 0, 1, -1, -1],
      ]);
      expect(read[1]).toEqual({
        phase: 'hsic', net: 0, epoch: 1, batch: 0, layer: 0,
        nhsicX: 0.5, nhsicY: 0.1, loss: 0.4, accuracy: null, trainAccuracy: null, testAccuracy: null,
        seconds: 0.01, samples: 64,
      });
    });

    it('never duplicates a point written again (a retried job): the newer values win', async () => {
      const { metrics } = context().repos;
      const runId = await newRun();
      const points = [aBatchPoint('hsic', 1, 0, 0), aBatchPoint('hsic', 1, 1, 0), anEpochPoint('hsic', 1)];
      await metrics.upsertMany(runId, points);
      await metrics.upsertMany(runId, [...points.slice(0, 2), { ...points[2], testAccuracy: 0.9 }]);
      expect(await metrics.count(runId)).toBe(3);
      expect((await metrics.query(runId, { phase: 'hsic', layer: -1 }))[0].testAccuracy).toBe(0.9);
    });

    it('completes a row written in parts and keeps the last of duplicates within one write', async () => {
      const { metrics } = context().repos;
      const runId = await newRun();
      await metrics.upsertMany(runId, [{ phase: 'format', epoch: 2, batch: -1, layer: -1, trainAccuracy: 0.7 }]);
      await metrics.upsertMany(runId, [
        { phase: 'format', epoch: 2, batch: -1, layer: -1, testAccuracy: 0.6 },
        { phase: 'format', epoch: 2, batch: -1, layer: -1, testAccuracy: 0.65 },
      ]);
      expect(await metrics.query(runId)).toEqual([
        expect.objectContaining({ trainAccuracy: 0.7, testAccuracy: 0.65 }),
      ]);
    });

    it('tells what was written after a position: new points and rewritten ones, in write order', async () => {
      const { metrics } = context().repos;
      const runId = await newRun();
      expect(await metrics.lastWritten(runId)).toBe(0n);
      await metrics.upsertMany(runId, [aBatchPoint('hsic', 1, 0, 0), aBatchPoint('hsic', 1, 1, 0)]);
      const seen = await metrics.lastWritten(runId);
      expect((await metrics.writtenAfter(runId, 0n)).map((p) => p.batch)).toEqual([0, 1]);
      expect(await metrics.writtenAfter(runId, seen)).toEqual([]);
      await metrics.upsertMany(runId, [aBatchPoint('hsic', 1, 2, 0)]);
      await metrics.upsertMany(runId, [anEpochPoint('hsic', 1, { testAccuracy: null }), aBatchPoint('hsic', 1, 0, 0, { loss: 0.01 })]);
      const missed = await metrics.writtenAfter(runId, seen);
      expect(missed.map((p) => [p.batch, p.loss])).toEqual([[2, expect.any(Number)], [-1, null], [0, 0.01]]);
      expect(missed.map((p) => p.seq)).toEqual([...missed.map((p) => p.seq)].sort((a, b) => (a < b ? -1 : 1)));
      expect(missed[0].seq).toBeGreaterThan(seen);
      expect(await metrics.lastWritten(runId)).toBe(missed[2].seq);
      expect((await metrics.writtenAfter(runId, seen, 1)).map((p) => p.batch)).toEqual([2]);
    });

    it('rejects a point with a bad key before writing anything', async () => {
      const { metrics } = context().repos;
      const runId = await newRun();
      await expect(
        metrics.upsertMany(runId, [aBatchPoint('hsic', 1, 0, 0), { phase: 'hsic', epoch: -3, batch: 0, layer: 0 }]),
      ).rejects.toThrow(/epoch/);
      expect(await metrics.count(runId)).toBe(0);
    });

    it('filters by phase and layer', async () => {
      const { metrics } = context().repos;
      const runId = await newRun();
      await metrics.upsertMany(runId, [
        aBatchPoint('hsic', 1, 0, 0), aBatchPoint('hsic', 1, 0, 1), aBatchPoint('hsic', 1, 0, 2),
        aBatchPoint('format', 1, 0, -1), anEpochPoint('hsic', 1),
      ]);
      expect((await metrics.query(runId, { phase: 'hsic', layer: 1 })).map((p) => p.layer)).toEqual([1]);
      expect((await metrics.query(runId, { phase: 'format' })).map((p) => p.phase)).toEqual(['format']);
    });

    it('downsamples each series to at most N batch points, keeping every epoch row', async () => {
      const { metrics } = context().repos;
      const runId = await newRun();
      const points: MetricPointInput[] = [];
      for (let epoch = 1; epoch <= 3; epoch++) {
        for (let batch = 0; batch < 40; batch++) for (const layer of [0, 1]) points.push(aBatchPoint('hsic', epoch, batch, layer));
        points.push(anEpochPoint('hsic', epoch));
      }
      await metrics.upsertMany(runId, points);
      expect(await metrics.count(runId)).toBe(243);

      const sampled = await metrics.query(runId, { maxPointsPerSeries: 10 });
      for (const layer of [0, 1]) {
        const series = sampled.filter((p) => p.layer === layer);
        expect(series.length).toBeLessThanOrEqual(10);
        expect(series.length).toBeGreaterThanOrEqual(8);
        expect(series[0]).toMatchObject({ epoch: 1, batch: 0 }); // the first point is always kept
      }
      expect(sampled.filter((p) => p.batch === -1).map((p) => p.epoch)).toEqual([1, 2, 3]);
      // Still in order.
      const keys = sampled.map((p) => [p.epoch, p.batch, p.layer].join('/'));
      expect(keys).toEqual([...sampled].sort((a, b) => a.epoch - b.epoch || a.batch - b.batch || a.layer - b.layer).map((p) => [p.epoch, p.batch, p.layer].join('/')));
    });

    it('returns every point when N is at least the series length', async () => {
      const { metrics } = context().repos;
      const runId = await newRun();
      await metrics.upsertMany(runId, [aBatchPoint('hsic', 1, 0, 0), aBatchPoint('hsic', 1, 1, 0), anEpochPoint('hsic', 1)]);
      expect(await metrics.query(runId, { maxPointsPerSeries: 5 })).toHaveLength(3);
    });

    it('gives the same points as columns, filtered and downsampled alike, and empty columns for a run without points', async () => {
      const { metrics } = context().repos;
      const runId = await newRun();
      const points: MetricPointInput[] = [anEpochPoint('backprop', 2, { trainAccuracy: null }), anEpochPoint('backprop', 1)];
      for (let batch = 0; batch < 30; batch++) {
        for (const layer of [0, 1]) points.push(aBatchPoint('hsic', 1, batch, layer, { nhsicX: batch === 3 ? null : 0.5 + batch / 100 }));
        points.push(aBatchPoint('format', 1, batch, -1, { accuracy: batch / 30 }));
      }
      await metrics.upsertMany(runId, points);
      for (const query of [{}, { phase: 'hsic' as const, layer: 1 }, { maxPointsPerSeries: 7 }, { phase: 'format' as const, maxPointsPerSeries: 4 }]) {
        expect(await metrics.columns(runId, query)).toEqual(toMetricColumns(await metrics.query(runId, query)));
      }
      const all = await metrics.columns(runId);
      expect(all.count).toBe(points.length);
      expect(all.phase.slice(0, 3)).toEqual(['hsic', 'hsic', 'hsic']);
      expect(all.nhsicX[6]).toBeNull(); // batch 3, layer 0: a null stays null in its place

      const empty = await metrics.columns(await newRun());
      expect(empty).toEqual(toMetricColumns([]));
    });
  });
}
