import { AttemptFencedError, createRepositories, fenceOf, IllegalRunTransitionError, NotFoundError } from '../src/index.js';
import { aDataset, aRunInput, aTrainingConfig, uniqueName } from './builders.test-util.js';
import type { GetContext } from './suite-context.test-util.js';

export function describeRuns(context: GetContext): void {
  describe('runs repository', () => {
    let datasetName: string;
    beforeAll(async () => {
      [{ name: datasetName }] = await context().repos.datasets.upsertMany([aDataset()]);
    });

    it('creates a queued run that keeps its config as given', async () => {
      const config = aTrainingConfig({ hsic: { epochs: 3, sigma: [2, 5] } });
      const run = await context().repos.runs.create(aRunInput(datasetName, { config, modelName: 'digits' }));
      expect(run).toMatchObject({
        status: 'QUEUED',
        kind: 'PIPELINE',
        datasetName,
        config,
        modelName: 'digits',
        attempts: 0,
        cancelRequested: false,
        startedAt: null,
        finishedAt: null,
      });
      expect(await context().repos.runs.get(run.id)).toEqual(run);
    });

    it('stores configs through the given validator (normalized), and nothing it rejects', async () => {
      const validateConfig = (config: Record<string, unknown>) => {
        if (!('hsic' in config)) throw new Error('config.hsic: required');
        return { ...config, normalized: true };
      };
      const repos = createRepositories(context().db.prisma, { validateConfig });
      const modelName = uniqueName('validated');
      const run = await repos.runs.create(aRunInput(datasetName, { modelName }));
      expect(run.config).toMatchObject({ normalized: true, hsic: expect.any(Object) });
      await expect(repos.runs.create(aRunInput(datasetName, { modelName, config: { seed: 1 } }))).rejects.toThrow('config.hsic: required');
      expect((await repos.runs.list({ modelName })).items).toHaveLength(1);
      const schedule = await repos.schedules.create({ name: uniqueName('s'), cron: '0 3 * * *', datasetName, config: aTrainingConfig(), modelName });
      expect(schedule.config).toMatchObject({ normalized: true });
      await expect(repos.schedules.update(schedule.id, { config: {} })).rejects.toThrow('config.hsic: required');
    });

    it('walks QUEUED → RUNNING → SUCCEEDED, recording what the worker reports', async () => {
      const { runs } = context().repos;
      const { id } = await runs.create(aRunInput(datasetName));
      const started = await runs.start(id, { workerId: 'worker-1', backend: 'wasm', jobId: 'job-1' });
      expect(started).toMatchObject({ status: 'RUNNING', attempts: 1, workerId: 'worker-1', backend: 'wasm', jobId: 'job-1' });
      expect(started.startedAt).toBeInstanceOf(Date);

      const fence = fenceOf(started);
      expect(fence).toEqual({ runId: id, workerId: 'worker-1', attempt: 1 });
      await runs.recordProgress(fence, { phase: 'hsic', net: 0, epoch: 1 }, [2.5]);
      await runs.recordTestAccuracy(fence, { unformatted: 0.61 });
      expect(await runs.heartbeat(fence)).toEqual({ status: 'RUNNING', cancelRequested: false, owned: true });

      const done = await runs.succeed(id, { testAccuracy: { format: 0.93 } });
      expect(done).toMatchObject({
        status: 'SUCCEEDED',
        progress: { phase: 'hsic', net: 0, epoch: 1 },
        hsicEpochSeconds: [2.5],
        testAccuracy: { unformatted: 0.61, format: 0.93 },
      });
      expect(done.finishedAt).toBeInstanceOf(Date);
    });

    it('lets a worker re-claim a run whose previous attempt died, keeping when it first started', async () => {
      const { runs } = context().repos;
      const { id } = await runs.create(aRunInput(datasetName));
      const first = await runs.start(id, { workerId: 'worker-1' });
      const second = await runs.start(id, { workerId: 'worker-2' });
      expect(second).toMatchObject({ status: 'RUNNING', attempts: 2, workerId: 'worker-2', startedAt: first.startedAt });
    });

    it('refuses illegal moves with a typed error and leaves the run as it was', async () => {
      const { runs } = context().repos;
      const { id } = await runs.create(aRunInput(datasetName));
      const refused = runs.succeed(id);
      await expect(refused).rejects.toBeInstanceOf(IllegalRunTransitionError);
      await expect(refused).rejects.toMatchObject({ runId: id, from: 'QUEUED', to: 'SUCCEEDED' });
      expect((await runs.getOrThrow(id)).status).toBe('QUEUED');
    });

    it.each(['SUCCEEDED', 'FAILED', 'CANCELLED'] as const)('keeps %s final', async (terminal) => {
      const { runs } = context().repos;
      const { id } = await runs.create(aRunInput(datasetName));
      await runs.start(id, { workerId: 'w' });
      await runs.transition(id, terminal, { failureReason: terminal === 'FAILED' ? 'out of memory' : undefined });
      for (const next of ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const) {
        await expect(runs.transition(id, next)).rejects.toMatchObject({ from: terminal, to: next });
      }
      const run = await runs.getOrThrow(id);
      expect(run.status).toBe(terminal);
      if (terminal === 'FAILED') expect(run.failureReason).toBe('out of memory');
    });

    it('hands a running run back to the queue for a retry', async () => {
      const { runs } = context().repos;
      const { id } = await runs.create(aRunInput(datasetName));
      await runs.start(id, { workerId: 'w' });
      expect(await runs.requeue(id, 'worker lost')).toMatchObject({ status: 'QUEUED', workerId: null, failureReason: 'worker lost' });
    });

    it('cancels a queued run at once, flags a running one until its worker confirms, leaves a finished one', async () => {
      const { runs } = context().repos;
      const queued = await runs.create(aRunInput(datasetName));
      expect(await runs.requestCancel(queued.id)).toMatchObject({ outcome: 'cancelled', run: { status: 'CANCELLED' } });

      const running = await runs.create(aRunInput(datasetName, { requestedBy: 'ci key' }));
      expect(running.requestedBy).toBe('ci key');
      const fence = fenceOf(await runs.start(running.id, { workerId: 'w' }));
      expect(await runs.requestCancel(running.id, 'ops key')).toMatchObject({
        outcome: 'requested',
        run: { status: 'RUNNING', cancelRequested: true, cancelledBy: 'ops key', requestedBy: 'ci key' },
      });
      expect(await runs.heartbeat(fence)).toEqual({ status: 'RUNNING', cancelRequested: true, owned: true });
      expect((await runs.cancel(running.id, { fence })).status).toBe('CANCELLED');

      expect(await runs.requestCancel(running.id)).toMatchObject({ outcome: 'already-finished' });
    });

    it('counts runs by status, every status listed', async () => {
      const { runs } = context().repos;
      const before = await runs.countByStatus();
      expect(Object.keys(before).sort()).toEqual(['CANCELLED', 'FAILED', 'QUEUED', 'RUNNING', 'SUCCEEDED']);
      const queued = await runs.create(aRunInput(datasetName));
      await runs.cancel((await runs.create(aRunInput(datasetName))).id);
      const after = await runs.countByStatus();
      expect(after).toEqual({ ...before, QUEUED: before.QUEUED + 1, CANCELLED: before.CANCELLED + 1 });
      await runs.cancel(queued.id);
    });

    it('pings the database it was opened on', async () => {
      await expect(context().db.ping()).resolves.toBeUndefined();
    });

    it('reports an unknown run as not found', async () => {
      const { runs } = context().repos;
      await expect(runs.start('no-such-run', { workerId: 'w' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(runs.requestCancel('no-such-run')).rejects.toBeInstanceOf(NotFoundError);
      await expect(runs.recordProgress({ runId: 'no-such-run', workerId: 'w', attempt: 1 }, { phase: 'hsic', net: 0, epoch: 1 })).rejects.toBeInstanceOf(AttemptFencedError);
      expect(await runs.get('no-such-run')).toBeNull();
    });

    it('lists newest first, filtered, one page at a time', async () => {
      const { runs } = context().repos;
      const modelName = uniqueName('model');
      const created = [];
      for (let i = 0; i < 5; i++) created.push(await runs.create(aRunInput(datasetName, { modelName, kind: i % 2 ? 'HSIC' : 'PIPELINE' })));
      await runs.start(created[4].id, { workerId: 'w' });

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await runs.list({ modelName }, { limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      // Newest first; runs created within the same millisecond are ordered by id.
      const newestFirst = [...created].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : 1));
      expect(seen).toEqual(newestFirst.map((r) => r.id));

      const hsicRuns = newestFirst.filter((r) => r.kind === 'HSIC').map((r) => r.id);
      expect((await runs.list({ modelName, kind: 'HSIC' })).items.map((r) => r.id)).toEqual(hsicRuns);
      expect((await runs.list({ modelName, status: 'RUNNING' })).items.map((r) => r.id)).toEqual([created[4].id]);
      expect((await runs.list({ modelName, datasetName: 'other' })).items).toEqual([]);
      expect(await runs.list({ modelName }, { cursor: 'no-such-run' })).toEqual({ items: [], nextCursor: null });
      expect(await runs.count({ modelName })).toBe(created.length);
      expect(await runs.count({ modelName, kind: 'HSIC' })).toBe(hsicRuns.length);
      expect(await runs.count({ modelName, datasetName: 'other' })).toBe(0);
    });

    it('finds runs by words in their id, dataset, preset, model, worker, backend or failure reason, any case', async () => {
      const { runs } = context().repos;
      const modelName = uniqueName('Searchable');
      const a = await runs.create(aRunInput(datasetName, { modelName, preset: 'mnist-10k' }));
      const b = await runs.create(aRunInput(datasetName, { modelName, preset: 'smoke' }));
      await runs.start(b.id, { workerId: 'gpu-box-7', backend: 'tensorflow-gpu' });
      await runs.fail(b.id, 'Out of memory while training');

      const ids = async (search: string) => (await runs.list({ search })).items.map((r) => r.id).sort();
      expect(await ids(modelName.toUpperCase())).toEqual([a.id, b.id].sort());
      expect(await ids(`${modelName} GPU-BOX`)).toEqual([b.id]); // every word must match, in any column
      expect(await ids(`${modelName} out of MEMORY`)).toEqual([b.id]);
      expect(await ids(`${modelName} mnist-10k`)).toEqual([a.id]);
      expect(await ids(a.id.slice(0, 13))).toEqual([a.id]);
      expect(await ids(`${modelName} nothing-like-this`)).toEqual([]);
      expect(await runs.count({ search: `${modelName} tensorflow-gpu` })).toBe(1);
      expect(await ids(`${modelName} %`)).toEqual([]); // LIKE wildcards are plain characters
      expect(await ids(`${modelName} _`)).toEqual([]);
    });

    it.each([
      ['FORMAT_ACCURACY', 'DESC'],
      ['FORMAT_ACCURACY', 'ASC'],
      ['STARTED_AT', 'ASC'],
      ['STATUS', 'DESC'],
      ['CREATED_AT', 'ASC'],
    ] as const)('pages through runs ordered by %s %s, runs without a value last, each run once', async (field, direction) => {
      const { runs } = context().repos;
      const modelName = uniqueName('ordered');
      const accuracies = [0.9, null, 0.5, 0.7, null, 0.7, 0.1];
      for (const [i, accuracy] of accuracies.entries()) {
        const { id } = await runs.create(aRunInput(datasetName, { modelName }));
        if (i % 3 === 0) continue; // some never start
        await runs.start(id, { workerId: 'w' });
        if (accuracy !== null) await runs.succeed(id, { testAccuracy: { format: accuracy } });
      }
      const seen = [];
      let cursor: string | undefined;
      do {
        const page = await runs.list({ modelName }, { limit: 3, cursor, order: { field, direction } });
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen.map((r) => r.id)).size).toBe(accuracies.length);
      expect(seen).toHaveLength(accuracies.length);

      const value = (run: (typeof seen)[number]): number | string | null =>
        field === 'FORMAT_ACCURACY' ? (run.testAccuracy?.format ?? null)
        : field === 'STARTED_AT' ? (run.startedAt?.getTime() ?? null)
        : field === 'STATUS' ? run.status
        : run.createdAt.getTime();
      const values = seen.map(value);
      const present = values.filter((v) => v !== null);
      expect(values.slice(present.length).every((v) => v === null)).toBe(true); // nulls last
      const sorted = [...present].sort((x, y) => (x! < y! ? -1 : x! > y! ? 1 : 0));
      expect(present).toEqual(direction === 'ASC' ? sorted : sorted.reverse());
    });

    it('stores each accuracy as it is reported, keeping the others', async () => {
      const { runs } = context().repos;
      const { id } = await runs.create(aRunInput(datasetName));
      expect((await runs.getOrThrow(id)).testAccuracy).toBeNull();
      await runs.recordTestAccuracy(fenceOf(await runs.start(id, { workerId: 'w' })), { backprop: 0.8 });
      expect((await runs.getOrThrow(id)).testAccuracy).toEqual({ backprop: 0.8 });
      expect((await runs.succeed(id, { testAccuracy: { format: 0.9 } })).testAccuracy).toEqual({ backprop: 0.8, format: 0.9 });
    });

    it('starts one run per schedule tick however often the tick is handled', async () => {
      const { repos } = context();
      const schedule = await repos.schedules.create({
        name: uniqueName('nightly'),
        cron: '0 3 * * *',
        datasetName,
        config: aTrainingConfig(),
        modelName: uniqueName('model'),
      });
      const tick = { ...aRunInput(datasetName), scheduleId: schedule.id, scheduledFor: new Date('2026-11-27T03:00:00Z') };
      const first = await repos.runs.createForTick(tick);
      const again = await repos.runs.createForTick(tick);
      expect(first.created).toBe(true);
      expect(again).toEqual({ run: first.run, created: false });
      const next = await repos.runs.createForTick({ ...tick, scheduledFor: new Date('2026-11-28T03:00:00Z') });
      expect(next.created).toBe(true);
    });

    it('finds running runs whose worker went quiet', async () => {
      const { runs } = context().repos;
      const { id } = await runs.create(aRunInput(datasetName));
      await runs.start(id, { workerId: 'w' });
      expect((await runs.listStale(new Date(Date.now() + 60_000))).map((r) => r.id)).toContain(id);
      expect((await runs.listStale(new Date(Date.now() - 60_000))).map((r) => r.id)).not.toContain(id);
    });
  });
}
