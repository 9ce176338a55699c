// The run executor against a real PostgreSQL database and the real engine, on runs of about a second.
import type { JsonObject, Run } from '@hsic/contracts';
import { BackendUnrecoverableError, deserializeClassifier, initBackend, tf, type TrainingEvent } from '@hsic/engine';
import { RunExecutor, type ExecuteOptions, type RunExecutorOptions, type RunOutcome } from '../src/index.js';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database.test-util.js';
import { createRun, expectedMetricKeys, metricKey, tinyConfig } from './support/training-builders.test-util.js';

describe('RunExecutor', () => {
  let scratch: ScratchDatabase;
  let backend: string;
  const lines: string[] = [];

  beforeAll(async () => {
    backend = (await initBackend({ logger: () => undefined })).name;
    scratch = await openScratchDatabase();
  });
  afterAll(() => scratch?.dispose());

  const executor = (options: Partial<RunExecutorOptions> = {}) =>
    new RunExecutor({ repos: scratch.repos, workerId: 'worker-a', backend, monitorIntervalMs: 0, log: (line) => lines.push(line), ...options });

  const metricKeys = async (runId: string) => (await scratch.repos.metrics.query(runId)).map(metricKey).sort();

  /** Runs until `when` sees an event, then aborts the returned controller's signal. */
  const stopWhen = (when: (event: TrainingEvent) => boolean) => {
    const controller = new AbortController();
    const listener = (event: TrainingEvent) => {
      if (when(event)) controller.abort();
    };
    return { signal: controller.signal, listener };
  };

  const recordEvents = () => {
    const events: TrainingEvent[] = [];
    return { events, listener: (event: TrainingEvent) => void events.push(event) };
  };

  const expectKind = <K extends RunOutcome['kind']>(outcome: RunOutcome, kind: K): Extract<RunOutcome, { kind: K }> => {
    expect(outcome.kind).toBe(kind);
    return outcome as Extract<RunOutcome, { kind: K }>;
  };

  it('fails a run too big for this worker at once, in words, without touching the backend; the next run trains', async () => {
    const huge = await createRun(scratch.repos, { ...tinyConfig(), model: { kind: 'mlp', hiddenLayers: 200, hiddenWidth: 16384, lastWidth: 32 } });
    const tensors = tf.memory().numTensors;
    const small = executor({ budget: { memoryBytes: 8 * 2 ** 30, backend: 'wasm', source: 'HSIC_WORKER_MEMORY_MB' } });
    const failed = expectKind(await small.execute(huge.id), 'failed');
    expect(failed.reason).toMatch(/^the run does not fit: the run needs about \d+\.\d GiB of memory \(.*\); a worker may use 8\.0 GiB \(HSIC_WORKER_MEMORY_MB\); its tensors need about/);
    expect(tf.memory().numTensors).toBe(tensors);
    expect((await scratch.repos.runs.getOrThrow(huge.id)).failureReason).toBe(failed.reason);

    const next = await createRun(scratch.repos, tinyConfig());
    expectKind(await small.execute(next.id), 'succeeded');
  });

  it('survives its backend breaking under a run: the run fails in words, the backend is rebuilt, the next run trains', async () => {
    expect(backend).toBe('wasm'); // the failure forced here is WebAssembly's
    const broken = await createRun(scratch.repos, tinyConfig());
    let broke = false;
    // What an allocation past the 4 GiB heap can do (it depends on the heap's state, so it is imitated here
    // exactly): the module's own memory overwritten, after which every call into it traps.
    const exhaustHeap = (event: TrainingEvent) => {
      if (broke || event.kind !== 'batch') return;
      broke = true;
      (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.fill(0xff, 0, 1 << 16);
    };
    const worker = executor();
    const failed = expectKind(await worker.execute(broken.id, { listener: exhaustHeap }), 'failed');
    expect(broke).toBe(true);
    expect(failed.reason).toMatch(/^the wasm training backend failed \(.*memory access out of bounds.*\)\. This usually means the run needed more memory/);
    expect(lines.some((line) => line.includes(`rebuilt the wasm backend after it failed in run ${broken.id}`))).toBe(true);

    const next = await createRun(scratch.repos, tinyConfig());
    expectKind(await worker.execute(next.id), 'succeeded');
  });

  it('when the backend cannot be rebuilt, fails the run and tells the worker to exit (its supervisor restarts it)', async () => {
    const run = await createRun(scratch.repos, tinyConfig());
    const trap = (event: TrainingEvent) => {
      if (event.kind === 'batch') throw Object.assign(new Error('memory access out of bounds'), { name: 'RuntimeError' });
    };
    const stuck = executor({
      recoverBackend: async () => {
        throw new BackendUnrecoverableError('the wasm backend could not be rebuilt: imitated');
      },
    });
    await expect(stuck.execute(run.id, { listener: trap })).rejects.toBeInstanceOf(BackendUnrecoverableError);
    expect(await scratch.repos.runs.getOrThrow(run.id)).toMatchObject({ status: 'FAILED', failureReason: expect.stringContaining('the wasm training backend failed') });
  });

  it('trains a pipeline run: every metric row, a checkpoint per epoch, final models, a registered version as production', async () => {
    const config = tinyConfig();
    const run = await createRun(scratch.repos, config, { modelName: 'digits-exec' });
    const tensors = tf.memory().numTensors;
    const outcome = expectKind(await executor().execute(run.id, { jobId: '11111111-1111-4111-8111-111111111111' }), 'succeeded');
    expect(tf.memory().numTensors).toBe(tensors); // a worker trains run after run: nothing may stay behind

    const done = await scratch.repos.runs.getOrThrow(run.id);
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      attempts: 1,
      workerId: 'worker-a',
      backend,
      jobId: '11111111-1111-4111-8111-111111111111',
      progress: { phase: 'backprop', net: 0, epoch: 2 },
      failureReason: null,
    });
    expect(done.testAccuracy).toEqual({ format: expect.any(Number), backprop: expect.any(Number) });
    expect(done.hsicEpochSeconds).toHaveLength(2);

    expect(await metricKeys(run.id)).toEqual(expectedMetricKeys(config, ['hsic', 'format', 'backprop']));
    const hsicBatchRows = await scratch.repos.metrics.query(run.id, { phase: 'hsic', layer: 2 });
    expect(hsicBatchRows.filter((p) => p.batch >= 0).every((p) => p.nhsicX !== null && p.nhsicY !== null && p.samples === 64)).toBe(true);
    const formatEpoch = (await scratch.repos.metrics.query(run.id, { phase: 'format' })).find((p) => p.epoch === 2 && p.batch === -1);
    expect(formatEpoch?.testAccuracy).toBeCloseTo(done.testAccuracy?.format ?? -1, 10);

    const checkpoints = await scratch.repos.checkpoints.listForRun(run.id);
    const snapshots = checkpoints.filter((c) => !c.final).map((c) => `${c.phase}/${c.epoch}/${c.role}`);
    expect(snapshots.sort()).toEqual(
      ['hsic/1/hsic', 'hsic/2/hsic', 'format/1/hsic', 'format/2/hsic', 'backprop/1/hsic', 'backprop/1/backprop', 'backprop/2/hsic', 'backprop/2/backprop'].sort(),
    );
    expect(checkpoints.filter((c) => c.final).map((c) => `${c.phase}/${c.role}`).sort()).toEqual(['backprop/backprop', 'format/hsic']);

    expect(outcome.version).toMatchObject({ modelName: 'digits-exec', version: 1, kind: 'format', runId: run.id, aliases: ['production'] });
    expect(outcome.version?.testAccuracy).toBe(done.testAccuracy?.format);
    const finalHsic = checkpoints.find((c) => c.final && c.role === 'hsic');
    expect(outcome.version?.checkpointId).toBe(finalHsic?.id);
    expect(lines.filter((line) => line.includes(run.id))).toEqual([
      expect.stringMatching(/started: attempt 1, PIPELINE for model digits-exec/),
      expect.stringMatching(/SUCCEEDED .*registered digits-exec v1 \(production\)/),
    ]);
  });

  it('registers later runs as new versions without moving production, and leaves a finished run alone', async () => {
    const first = await createRun(scratch.repos, tinyConfig({ backprop: null }), { modelName: 'digits-later' });
    const second = await createRun(scratch.repos, tinyConfig({ backprop: null }), { modelName: 'digits-later' });
    expectKind(await executor().execute(first.id), 'succeeded');
    const outcome = expectKind(await executor().execute(second.id), 'succeeded');
    expect(outcome.version).toMatchObject({ version: 2, aliases: [] });
    expect((await scratch.repos.models.getOrThrow('digits-later')).aliases).toEqual({ production: 1 });

    const rows = await scratch.repos.metrics.count(second.id);
    expect(await executor().execute(second.id)).toEqual({ kind: 'skipped', reason: `run ${second.id} is already SUCCEEDED` });
    expect(await scratch.repos.metrics.count(second.id)).toBe(rows);
    expect((await scratch.repos.runs.getOrThrow(second.id)).attempts).toBe(1);
  });

  it("formats a finished run's nets in a FORMAT run: a new readout, the nets untouched, a registered version", async () => {
    const source = await createRun(scratch.repos, tinyConfig({ format: null, backprop: null }), { kind: 'HSIC' });
    expectKind(await executor().execute(source.id), 'succeeded');
    const run = await createRun(scratch.repos, tinyConfig({ backprop: null }), { kind: 'FORMAT', sourceRunId: source.id, modelName: 'digits-format' });
    const tensors = tf.memory().numTensors;
    const outcome = expectKind(await executor().execute(run.id), 'succeeded');
    expect(tf.memory().numTensors).toBe(tensors);

    const done = await scratch.repos.runs.getOrThrow(run.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', sourceRunId: source.id, progress: { phase: 'format', net: 0, epoch: 2 } });
    expect(done.testAccuracy).toEqual({ format: expect.any(Number) });
    expect(await metricKeys(run.id)).toEqual(expectedMetricKeys(tinyConfig(), ['format']));
    expect(outcome.version).toMatchObject({ modelName: 'digits-format', version: 1, kind: 'format', runId: run.id });

    const finalOf = async (runId: string) => {
      const meta = (await scratch.repos.checkpoints.listForRun(runId)).find((c) => c.final && c.role === 'hsic');
      const { model } = deserializeClassifier((await scratch.repos.checkpoints.read(meta!.id)).bytes);
      const weights = model.nets.flatMap((net) => net.namedVariables().map(([, variable]) => Array.from(variable.dataSync())));
      model.dispose();
      return weights;
    };
    expect(await finalOf(run.id)).toEqual(await finalOf(source.id));
  });

  it('resumes an interrupted run at the epoch after its last checkpoint, with no metric row missing or doubled', async () => {
    const config = tinyConfig({ hsic: { epochs: 3 } });
    const run = await createRun(scratch.repos, config);
    // Stop in the middle of HSIC epoch 2, after its first two batches were written.
    const stop = stopWhen((e) => e.kind === 'batch' && e.phase === 'hsic' && e.epoch === 2 && e.batch === 1);
    const first = await executor({ metricFlushRows: 1 }).execute(run.id, { interrupt: stop.signal, listener: stop.listener });
    expect(expectKind(first, 'interrupted').run).toMatchObject({ status: 'QUEUED', failureReason: 'interrupted: the worker shut down' });
    expect((await scratch.repos.checkpoints.latestSnapshot(run.id))?.progress).toEqual({ phase: 'hsic', net: 0, epoch: 1 });
    const partial = await metricKeys(run.id);
    expect(partial).toContain(metricKey({ phase: 'hsic', net: 0, epoch: 2, batch: 1, layer: 0 }));
    expect(partial).not.toContain(metricKey({ phase: 'hsic', net: 0, epoch: 2, batch: 2, layer: 0 }));

    const second = recordEvents();
    expectKind(await executor({ workerId: 'worker-b' }).execute(run.id, { listener: second.listener }), 'succeeded');
    expect(second.events[0]).toMatchObject({ kind: 'phase-start', phase: 'hsic', firstEpoch: 2 });
    expect(second.events.find((e) => e.kind === 'batch')).toMatchObject({ phase: 'hsic', epoch: 2, batch: 0 });
    expect(await metricKeys(run.id)).toEqual(expectedMetricKeys(config, ['hsic', 'format', 'backprop']));
    expect(await scratch.repos.runs.getOrThrow(run.id)).toMatchObject({ status: 'SUCCEEDED', attempts: 2, workerId: 'worker-b' });
    expect((await scratch.repos.runs.getOrThrow(run.id)).hsicEpochSeconds).toHaveLength(3);
    expect(lines.some((line) => line.includes(run.id) && line.includes('resumed after hsic net 0 epoch 1'))).toBe(true);
  });

  it('keeps the nets of a σ-combined ensemble apart in metrics and on resume', async () => {
    const config = tinyConfig({ hsic: { sigma: [2, 5] }, backprop: null });
    const run = await createRun(scratch.repos, config);
    // Net 1, epoch 2 in progress: net 0 and net 1's first epoch are checkpointed.
    const events = recordEvents();
    const netStarts = () => events.events.filter((e) => e.kind === 'phase-start').length;
    const stop = stopWhen((e) => netStarts() === 2 && e.kind === 'batch' && e.epoch === 2 && e.batch === 2);
    await executor().execute(run.id, { interrupt: stop.signal, listener: (e) => (events.listener(e), stop.listener(e)) });
    expect(events.events.filter((e) => e.kind === 'phase-start')).toHaveLength(2);
    expect((await scratch.repos.checkpoints.latestSnapshot(run.id))?.progress).toEqual({ phase: 'hsic', net: 1, epoch: 1 });

    expectKind(await executor().execute(run.id), 'succeeded');
    expect(await metricKeys(run.id)).toEqual(expectedMetricKeys(config, ['hsic', 'format']));
    expect((await scratch.repos.runs.getOrThrow(run.id)).hsicEpochSeconds).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number)]);
  });

  it('drains at the next checkpoint: a resumed run skips finished phases and keeps their accuracies', async () => {
    const config = tinyConfig({ format: { epochs: 3 } });
    const run = await createRun(scratch.repos, config, { modelName: 'digits-drain' });
    const drain = stopWhen((e) => e.kind === 'batch' && e.phase === 'format' && e.epoch === 2);
    expectKind(await executor().execute(run.id, { drain: drain.signal, listener: drain.listener }), 'interrupted');
    // The epoch in progress when the drain began was finished and checkpointed.
    expect((await scratch.repos.checkpoints.latestSnapshot(run.id))?.progress).toEqual({ phase: 'format', net: 0, epoch: 2 });

    const second = recordEvents();
    const outcome = expectKind(await executor().execute(run.id, { listener: second.listener }), 'succeeded');
    expect(second.events.some((e) => e.phase === 'hsic')).toBe(false);
    expect(second.events.filter((e) => e.kind === 'batch')[0]).toMatchObject({ phase: 'format', epoch: 3, batch: 0 });
    expect(await metricKeys(run.id)).toEqual(expectedMetricKeys(config, ['hsic', 'format', 'backprop']));
    expect(outcome.run.testAccuracy).toEqual({ format: expect.any(Number), backprop: expect.any(Number) });
    expect(outcome.version).toMatchObject({ version: 1, kind: 'format', aliases: ['production'] });
  });

  it('cancels a running run at the next check, keeping its metrics and checkpoints', async () => {
    const run = await createRun(scratch.repos, tinyConfig({ hsic: { epochs: 4 } }), { modelName: 'digits-cancel' });
    const listener = async (event: TrainingEvent) => {
      if (event.kind === 'epoch' && event.phase === 'hsic' && event.epoch === 1) {
        expect((await scratch.repos.runs.requestCancel(run.id)).outcome).toBe('requested');
      }
    };
    const outcome = expectKind(await executor().execute(run.id, { listener }), 'cancelled');
    expect(outcome.run).toMatchObject({ status: 'CANCELLED', cancelRequested: true, finishedAt: expect.any(Date) });
    expect((await scratch.repos.checkpoints.latestSnapshot(run.id))?.progress).toEqual({ phase: 'hsic', net: 0, epoch: 1 });
    const rows = await scratch.repos.metrics.query(run.id);
    expect(rows.some((p) => p.epoch === 1 && p.batch === -1)).toBe(true);
    expect(rows.some((p) => p.epoch >= 3)).toBe(false);
    expect((await scratch.repos.checkpoints.listForRun(run.id)).some((c) => c.final)).toBe(false);
    expect(await scratch.repos.models.get('digits-cancel')).toBeNull();
  });

  it('cancels through the job signal when the run carries a cancel request', async () => {
    const run = await createRun(scratch.repos, tinyConfig({ hsic: { epochs: 4 } }));
    const job = new AbortController();
    const listener = async (event: TrainingEvent) => {
      if (event.kind === 'epoch' && event.epoch === 1 && !job.signal.aborted) {
        await scratch.repos.runs.requestCancel(run.id);
        job.abort();
      }
    };
    // A long monitor interval: the job signal, not the poll, stops it.
    expectKind(await executor({ monitorIntervalMs: 60_000 }).execute(run.id, { signal: job.signal, listener }), 'cancelled');
  });

  it('honours a cancel requested before the run started', async () => {
    const queued = await createRun(scratch.repos, tinyConfig());
    await scratch.repos.runs.requestCancel(queued.id);
    expect(await executor().execute(queued.id)).toEqual({ kind: 'skipped', reason: `run ${queued.id} is already CANCELLED` });

    // A run whose previous worker died after the cancel request reached it.
    const orphan = await createRun(scratch.repos, tinyConfig());
    await scratch.repos.runs.start(orphan.id, { workerId: 'dead-worker' });
    await scratch.repos.runs.requestCancel(orphan.id);
    const outcome = expectKind(await executor().execute(orphan.id), 'cancelled');
    expect(outcome.run).toMatchObject({ status: 'CANCELLED', attempts: 1 });
  });

  it.each<[string, (s: ScratchDatabase) => Promise<Run>, RegExp]>([
    [
      'an invalid stored config',
      (s) => s.lenientRepos.runs.create({ kind: 'PIPELINE', datasetName: 'mnist-10k', config: { ...tinyConfig(), model: { kind: 'mlp' } } }),
      /^invalid training config: model\.hiddenWidth: /,
    ],
    ['a FORMAT run with no source run', (s) => createRun(s.repos, tinyConfig(), { kind: 'FORMAT' }), /names no source run whose nets it post-trains/],
    [
      'a FORMAT run whose source stored no finished model',
      async (s) => createRun(s.repos, tinyConfig(), { kind: 'FORMAT', sourceRunId: (await createRun(s.repos, tinyConfig())).id }),
      /has no finished HSIC-trained model to post-train/,
    ],
    ['a BACKPROP run without a backprop section', (s) => createRun(s.repos, tinyConfig({ backprop: null }), { kind: 'BACKPROP' }), /a BACKPROP run needs a 'backprop' section/],
    [
      'a config for another dataset',
      (s) => s.repos.runs.create({ kind: 'PIPELINE', datasetName: 'fashion-mnist', config: tinyConfig() }),
      /the run is for dataset 'fashion-mnist' but its config trains on 'mnist-10k'/,
    ],
  ])('fails %s with a readable reason', async (_name, create, reason) => {
    const run = await create(scratch);
    const outcome = expectKind(await executor().execute(run.id), 'failed');
    expect(outcome.reason).toMatch(reason);
    expect(await scratch.repos.runs.getOrThrow(run.id)).toMatchObject({ status: 'FAILED', failureReason: expect.stringMatching(reason), attempts: 1 });
  });

  it('fails on an error during training, but hands a transient error back for a retry while retries remain', async () => {
    const broken = (error: Error) => executor({ loadData: async () => Promise.reject(error) });
    const run = await createRun(scratch.repos, tinyConfig());
    const disk = new Error('EIO: i/o error, read');
    expect(expectKind(await broken(disk).execute(run.id, { canRetry: true }), 'failed').reason).toBe('EIO: i/o error, read');

    const flaky = await createRun(scratch.repos, tinyConfig());
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(expectKind(await broken(reset).execute(flaky.id, { canRetry: true }), 'retry').error).toBe(reset);
    expect(await scratch.repos.runs.getOrThrow(flaky.id)).toMatchObject({ status: 'QUEUED', failureReason: 'retrying after a transient error: read ECONNRESET' });
    expectKind(await broken(reset).execute(flaky.id, { canRetry: false }), 'failed');
    expect(await scratch.repos.runs.getOrThrow(flaky.id)).toMatchObject({ status: 'FAILED', attempts: 2 });
  });

  it('stops writing when a newer attempt took the run over', async () => {
    const run = await createRun(scratch.repos, tinyConfig({ hsic: { epochs: 4 } }));
    const listener = async (event: TrainingEvent) => {
      if (event.kind === 'epoch' && event.epoch === 1) await scratch.repos.runs.start(run.id, { workerId: 'worker-z' });
    };
    expect(await executor().execute(run.id, { listener })).toEqual({ kind: 'skipped', reason: 'a newer attempt owns the run' });
    expect(await scratch.repos.runs.getOrThrow(run.id)).toMatchObject({ status: 'RUNNING', workerId: 'worker-z', attempts: 2 });
  });

  it("lands none of a stale attempt's writes after the takeover, even when the attempt does not notice it", async () => {
    const run = await createRun(scratch.repos, tinyConfig({ hsic: { epochs: 3 } }));
    const stateOf = async () => ({
      metrics: await metricKeys(run.id),
      checkpoints: (await scratch.repos.checkpoints.listForRun(run.id)).map((c) => `${c.phase}/${c.epoch}/${c.role}/${c.sha256}`),
      run: await scratch.repos.runs.getOrThrow(run.id),
    });
    let atTakeover: Awaited<ReturnType<typeof stateOf>> | null = null;
    const listener = async (event: TrainingEvent) => {
      if (atTakeover || event.kind !== 'batch' || event.phase !== 'hsic' || event.epoch !== 2) return;
      await scratch.repos.runs.start(run.id, { workerId: 'worker-z' });
      atTakeover = await stateOf();
    };
    // The monitor looks once, at the first batch: after the takeover only the fence stands in the way.
    const outcome = await executor({ monitorIntervalMs: 3_600_000, metricFlushRows: 1 }).execute(run.id, { listener });
    expect(outcome).toMatchObject({ kind: 'skipped', reason: 'a newer attempt owns the run' });
    expect(atTakeover).not.toBeNull();
    expect(await stateOf()).toEqual(atTakeover);
    expect(atTakeover!.run).toMatchObject({ status: 'RUNNING', workerId: 'worker-z', attempts: 2, progress: { phase: 'hsic', epoch: 1 } });
  });

  it('commits the final write whole or not at all: cut off half way, the run keeps no final model or version, and the next attempt registers one', async () => {
    const modelName = 'digits-final-write';
    const run = await createRun(scratch.repos, tinyConfig({ backprop: null }), { modelName });
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    // The database goes away after the finished models were written, before the version is registered.
    const cutOff: RunExecutorOptions['repos'] = {
      ...scratch.repos,
      transaction: (work) => scratch.repos.transaction((tx) => work({ ...tx, models: Object.assign(Object.create(tx.models), { addVersion: () => Promise.reject(lost) }) })),
    };
    expect(expectKind(await executor({ repos: cutOff }).execute(run.id, { canRetry: true }), 'retry').error).toBe(lost);
    expect(await scratch.repos.checkpoints.findFinal(run.id, 'hsic')).toBeNull();
    expect(await scratch.repos.models.get(modelName)).toBeNull();
    expect(await scratch.repos.runs.getOrThrow(run.id)).toMatchObject({ status: 'QUEUED', failureReason: expect.stringContaining('Connection terminated') });

    const done = expectKind(await executor({ workerId: 'worker-b' }).execute(run.id), 'succeeded');
    expect(done.version).toMatchObject({ modelName, version: 1, aliases: ['production'] });
    expect((await scratch.repos.models.listVersions(modelName)).map((v) => v.version)).toEqual([1]);
    expect(await scratch.repos.checkpoints.findFinal(run.id, 'hsic')).toMatchObject({ id: done.version?.checkpointId });
  });

  it('registers an HSIC run with a class-wide last block as an unformatted version', async () => {
    const run = await createRun(scratch.repos, tinyConfig({ lastWidth: 10, format: null, backprop: null }), { kind: 'HSIC', modelName: 'digits-unformatted' });
    const outcome = expectKind(await executor().execute(run.id), 'succeeded');
    expect(outcome.run.testAccuracy).toEqual({ unformatted: expect.any(Number) });
    expect(outcome.version).toMatchObject({ version: 1, kind: 'unformatted', testAccuracy: outcome.run.testAccuracy?.unformatted, aliases: ['production'] });
    const epochRow = (await scratch.repos.metrics.query(run.id, { layer: -1 })).find((p) => p.epoch === 2);
    expect(epochRow?.testAccuracy).toBe(outcome.run.testAccuracy?.unformatted);
  });

  it('does not register bare HSIC nets, which cannot serve', async () => {
    const config: JsonObject = tinyConfig({ format: null, backprop: null });
    const run = await createRun(scratch.repos, config, { kind: 'HSIC', modelName: 'digits-bare' });
    const outcome = expectKind(await executor().execute(run.id, {} satisfies ExecuteOptions), 'succeeded');
    expect(outcome.version).toBeNull();
    expect(outcome.note).toMatch(/has no readout \(kind 'hsic'\)/);
    expect(await scratch.repos.models.get('digits-bare')).toBeNull();
    expect(await metricKeys(run.id)).toEqual(expectedMetricKeys(config, ['hsic']));
  });
});
