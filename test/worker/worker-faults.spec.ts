// End to end: real worker processes (apps/worker/dist/main.js, built in beforeAll) on a fresh PostgreSQL
// database. A worker killed mid-run loses its run to another worker, which resumes it from the last
// checkpoint; a worker stopped with SIGTERM finishes its epoch, checkpoints and hands the run back.
// About 70 s: most of it is training and pg-boss noticing the killed worker (heartbeat 10 s + retry delay 5 s).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CheckpointMeta, JsonObject, Run, RunProgress } from '@hsic/contracts';
import { createPgBossJobQueue, type JobQueue } from '@hsic/jobs';
import { createRepositories, openDatabase, type Database, type Repositories } from '@hsic/persistence';
import { parseTrainingConfig } from '@hsic/engine';
import { listDatasets } from '@hsic/data';
import { enqueueTrainingRun, ensureTrainingQueues } from '@hsic/training';
import { createScratchPostgres, eventually } from '@hsic/testing';
import { createRun, expectedMetricKeys, metricKey } from '../../libs/training/test/support/training-builders.test-util.js';
import { WorkerProcess } from './worker-process.test-util.js';

const run = promisify(execFile);

/**
 * HSIC epochs of 1–5 s on our machines' wasm backend: long enough to stop a worker inside one. The workers
 * write metric rows after every batch (HSIC_METRIC_FLUSH_MS=0), so a test sees an epoch start however fast
 * the machine is.
 */
function longConfig(limitTrain: number, hsicEpochs: number): JsonObject {
  return {
    data: { dataset: 'mnist-10k', limitTrain, limitTest: 1000 },
    model: { kind: 'mlp', hiddenWidth: 128, hiddenLayers: 3, lastWidth: 64 },
    hsic: { epochs: hsicEpochs, batchSize: 256, learningRate: 5e-3, sigma: 5, beta: 50 },
    format: { epochs: 2, batchSize: 256, learningRate: 0.1 },
  };
}

describe('training worker processes', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Database;
  let repos: Repositories;
  let queue: JobQueue;
  const workers: WorkerProcess[] = [];

  const startWorker = (id: string, env: Record<string, string> = { DATABASE_URL: database.url, HSIC_METRIC_FLUSH_MS: '0' }) => {
    const worker = new WorkerProcess({ ...env, HSIC_WORKER_ID: id });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    await run('npx', ['tsc', '-b', 'apps/worker']);
    database = await createScratchPostgres('hsic_worker_e2e');
    db = await openDatabase({ databaseUrl: database.url });
    repos = createRepositories(db.prisma, { validateConfig: (config) => parseTrainingConfig(config) });
    await repos.datasets.upsertMany(listDatasets());
    // This process supervises too: it notices a dead worker's silent heartbeat.
    queue = await createPgBossJobQueue({ url: database.url, pollingIntervalSeconds: 0.5 });
    await ensureTrainingQueues(queue);
  }, 120_000);

  const killWorkers = async () => {
    for (const worker of workers.filter((w) => w.running)) worker.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
  };
  // A test that failed half-way must not leave a worker that takes the next test's run.
  afterEach(killWorkers);

  afterAll(async () => {
    await killWorkers();
    await queue?.stop({ timeoutMs: 1000 });
    await db?.close();
    await database?.drop();
  });

  const runOf = (id: string) => repos.runs.getOrThrow(id);

  /** Waits until an epoch of the run is checkpointed and rows of the next epoch are stored; returns the checkpoint's progress. */
  const checkpointedWithNextEpochStarted = (runId: string) =>
    eventually(
      async () => {
        const progress = (await runOf(runId)).progress;
        if (!progress || progress.phase !== 'hsic') throw new Error(`no HSIC epoch checkpointed yet (${JSON.stringify(progress)})`);
        const rows = await repos.metrics.query(runId, { phase: 'hsic', layer: 0 });
        if (!rows.some((row) => row.epoch === progress.epoch + 1 && row.batch >= 0)) throw new Error(`epoch ${progress.epoch + 1} has not started yet`);
        return progress;
      },
      60_000,
      100,
    );

  const finished = (runId: string) =>
    eventually(
      async () => {
        const current = await runOf(runId);
        if (current.status !== 'SUCCEEDED') throw new Error(`run is ${current.status}`);
        return current;
      },
      90_000,
      250,
    );

  const metricKeys = async (runId: string) => (await repos.metrics.query(runId)).map(metricKey).sort();
  const snapshotKeys = (checkpoints: CheckpointMeta[]) => checkpoints.filter((c) => !c.final).map((c) => `${c.phase}/${c.epoch}/${c.role}`).sort();
  const expectedSnapshots = (hsicEpochs: number) =>
    [...Array.from({ length: hsicEpochs }, (_, i) => `hsic/${i + 1}/hsic`), 'format/1/hsic', 'format/2/hsic'].sort();
  const isAfter = (checkpoint: Pick<CheckpointMeta, 'phase' | 'epoch'>, point: RunProgress) =>
    checkpoint.phase !== point.phase || checkpoint.epoch > point.epoch;

  it('refuses to start without DATABASE_URL', async () => {
    const worker = startWorker('no-database', {});
    const exit = await worker.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(worker.output()).toContain('the worker cannot start: DATABASE_URL is required');
  });

  it('a SIGKILLed worker’s run is resumed by another worker from its last checkpoint, with every metric row exactly once', async () => {
    const config = longConfig(8000, 4);
    const created = await createRun(repos, config);
    const first = startWorker('fault-w1');
    await enqueueTrainingRun(queue, repos.runs, created.id);
    await checkpointedWithNextEpochStarted(created.id);

    first.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const [{ now: killedAt }] = await db.prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
    const atKill: Run = await runOf(created.id);
    const resumePoint = atKill.progress as RunProgress;
    expect(atKill).toMatchObject({ status: 'RUNNING', workerId: 'fault-w1', attempts: 1 });
    expect(resumePoint.epoch).toBeLessThan(4);

    const second = startWorker('fault-w2');
    const done = await finished(created.id);
    expect(done).toMatchObject({ attempts: 2, workerId: 'fault-w2', failureReason: null, progress: { phase: 'format', net: 0, epoch: 2 } });
    expect(await queue.getJob(done.jobId as string)).toMatchObject({ state: 'completed', retryCount: 1 });

    // Every row exactly once: the primary key rules out duplicates, the exact key set rules out gaps.
    expect(await metricKeys(created.id)).toEqual(expectedMetricKeys(config, ['hsic', 'format']));
    // The second worker wrote nothing new before the epoch after the checkpoint: it resumed, it did not restart.
    // (Ordered by the phase enum, i.e. pipeline order, not by the text alias.)
    const firstNew = await db.prisma.$queryRaw<{ phase: string; net: number; epoch: number }[]>`
      SELECT "phase"::text AS "phase", "net", "epoch" FROM "MetricPoint"
      WHERE "runId" = ${created.id} AND "createdAt" > ${killedAt}
      ORDER BY "MetricPoint"."phase", "net", "epoch", "batch" LIMIT 1`;
    expect(firstNew).toEqual([{ phase: 'hsic', net: 0, epoch: resumePoint.epoch + 1 }]);
    // A checkpoint per epoch; those up to the resume point were not written again.
    const checkpoints = await repos.checkpoints.listForRun(created.id);
    expect(snapshotKeys(checkpoints)).toEqual(expectedSnapshots(4));
    for (const checkpoint of checkpoints.filter((c) => !c.final)) {
      expect({ epoch: `${checkpoint.phase}/${checkpoint.epoch}`, rewritten: checkpoint.createdAt > killedAt }).toEqual({
        epoch: `${checkpoint.phase}/${checkpoint.epoch}`,
        rewritten: isAfter(checkpoint, resumePoint),
      });
    }
    expect(done.hsicEpochSeconds?.slice(0, resumePoint.epoch)).toEqual(atKill.hsicEpochSeconds?.slice(0, resumePoint.epoch));
    expect(first.output()).toMatch(new RegExp(`run ${created.id} started: attempt 1`));
    expect(second.output()).toMatch(new RegExp(`run ${created.id} started: attempt 2`));
    expect(second.output()).toMatch(new RegExp(`run ${created.id} SUCCEEDED .* resumed after hsic net 0 epoch ${resumePoint.epoch}$`, 'm'));

    second.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  }, 180_000);

  it('a worker stopped with SIGTERM finishes its epoch, checkpoints, hands the run back and exits 0; the next worker resumes it', async () => {
    const config = longConfig(8000, 4);
    const created = await createRun(repos, config);
    const draining = startWorker('drain-a');
    await enqueueTrainingRun(queue, repos.runs, created.id);
    const firstJob = (await runOf(created.id)).jobId;
    const atSignal = await checkpointedWithNextEpochStarted(created.id);

    draining.kill('SIGTERM');
    expect(await draining.exited).toEqual({ code: 0, signal: null });
    const handedBack = await runOf(created.id);
    expect(handedBack).toMatchObject({ status: 'QUEUED', cancelRequested: false, failureReason: 'interrupted: the worker shut down', attempts: 1 });
    const stoppedAt = handedBack.progress as RunProgress;
    // It finished the epoch it was on and checkpointed it, and started no other.
    expect(stoppedAt.epoch).toBeGreaterThan(atSignal.epoch);
    expect(Math.max(...(await repos.metrics.query(created.id)).map((row) => row.epoch))).toBe(stoppedAt.epoch);
    // A fresh job carries the run on; the finished one used up no retry.
    expect(handedBack.jobId).not.toBe(firstJob);
    expect(await queue.getJob(handedBack.jobId as string)).toMatchObject({ state: 'queued', data: { runId: created.id } });
    expect(await queue.getJob(firstJob as string)).toMatchObject({ state: 'completed', retryCount: 0 });
    expect(draining.output()).toMatch(/SIGTERM, finishing the current epoch and handing the run back/);
    expect(draining.output()).toMatch(new RegExp(`run ${created.id} handed back to the queue \\(worker shutdown\\)`));

    const next = startWorker('drain-b');
    const done = await finished(created.id);
    expect(done).toMatchObject({ attempts: 2, workerId: 'drain-b' });
    expect(await metricKeys(created.id)).toEqual(expectedMetricKeys(config, ['hsic', 'format']));
    expect(snapshotKeys(await repos.checkpoints.listForRun(created.id))).toEqual(expectedSnapshots(4));
    expect(next.output()).toMatch(new RegExp(`run ${created.id} SUCCEEDED .* resumed after hsic net 0 epoch ${stoppedAt.epoch}$`, 'm'));
    next.kill('SIGTERM');
    expect(await next.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
