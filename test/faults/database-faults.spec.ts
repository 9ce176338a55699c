// Real faults on a PostgreSQL cluster of the test's own (never the shared server): the database crashes and
// comes back under a training worker and under the API; a worker dies in its final write; two workers race
// for one run; the API is killed under a subscriber. Real worker and API processes (apps/*/dist/main.js).
// A few minutes in all: most of it is training and pg-boss noticing dead attempts. The tests build on each
// other's stored state (the first one trains the model the API serves later).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { JsonObject, MetricPoint } from '@hsic/contracts';
import { listDatasets } from '@hsic/data';
import { parseTrainingConfig } from '@hsic/engine';
import { createPgBossJobQueue, type JobQueue } from '@hsic/jobs';
import { createRepositories, openDatabase, type Database, type Repositories } from '@hsic/persistence';
import { enqueueTrainingRun, ensureTrainingQueues, TRAINING_QUEUE } from '@hsic/training';
import request from 'supertest';
import { deferred, eventually } from '@hsic/testing';
import { createRun, expectedMetricKeys, metricKey } from '../../libs/training/test/support/training-builders.test-util.js';
import { subscriptionClient } from '../api/graphql-client.test-util.js';
import { mnistTestInstance, mnistTestPngs } from '../api/mnist-images.test-util.js';
import { freePort } from '../support/free-port.test-util.js';
import { WorkerProcess } from '../worker/worker-process.test-util.js';
import { ApiProcess } from './api-process.test-util.js';
import { PrivatePostgres } from './private-postgres.test-util.js';

const exec = promisify(execFile);

const ADMIN_KEY = 'hsic_faults-test-admin-key-0123456789';

/** HSIC epochs of a second or two here: long enough to crash the database inside the run. */
function trainingConfig(hsicEpochs: number): JsonObject {
  return {
    data: { dataset: 'mnist-10k', limitTrain: 4000, limitTest: 1000 },
    model: { kind: 'mlp', hiddenWidth: 128, hiddenLayers: 3, lastWidth: 64 },
    hsic: { epochs: hsicEpochs, batchSize: 256, learningRate: 5e-3, sigma: 5, beta: 50 },
    format: { epochs: 2, batchSize: 256, learningRate: 0.1 },
  };
}

describe('database and process faults (a private PostgreSQL cluster)', () => {
  let cluster: PrivatePostgres;
  let databaseUrl: string;
  let db: Database;
  let repos: Repositories;
  let queue: JobQueue;
  const workers: WorkerProcess[] = [];
  const apis: ApiProcess[] = [];
  const queueErrors: unknown[] = [];

  const startWorker = (id: string) => {
    const worker = new WorkerProcess({ DATABASE_URL: databaseUrl, HSIC_WORKER_ID: id, HSIC_METRIC_FLUSH_MS: '0' });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    await exec('npx', ['tsc', '-b', 'apps/worker', 'apps/api']);
    cluster = await PrivatePostgres.start();
    databaseUrl = await cluster.createDatabase('hsic_faults');
    db = await openDatabase({ databaseUrl });
    repos = createRepositories(db.prisma, { validateConfig: (config) => parseTrainingConfig(config) });
    await repos.datasets.upsertMany(listDatasets());
    // This process supervises too (it notices dead attempts); while the database is down it only complains.
    queue = await createPgBossJobQueue({ url: databaseUrl, pollingIntervalSeconds: 0.5, onError: (error) => queueErrors.push(error) });
    await ensureTrainingQueues(queue);
  }, 120_000);

  const killWorkers = async () => {
    for (const child of [...workers, ...apis].filter((c) => c.running)) child.kill('SIGKILL');
    await Promise.all([...workers, ...apis].map((child) => child.exited));
  };
  const startApi = async (port: number) => {
    const api = await ApiProcess.start(port, { DATABASE_URL: databaseUrl, HSIC_PROGRESS_POLL_MS: '100', HSIC_ADMIN_KEY: ADMIN_KEY });
    apis.push(api);
    return api;
  };
  afterEach(killWorkers);

  afterAll(async () => {
    await killWorkers();
    await queue?.stop({ timeoutMs: 1000 });
    await db?.close();
    await cluster?.destroy();
  });

  const runOf = (id: string) => repos.runs.getOrThrow(id);
  const metricKeys = async (runId: string) => (await repos.metrics.query(runId)).map(metricKey).sort();
  const finished = (runId: string, timeoutMs = 150_000) =>
    eventually(
      async () => {
        const current = await runOf(runId);
        if (current.status !== 'SUCCEEDED') throw new Error(`run is ${current.status} (${current.failureReason ?? 'no failure'})`);
        return current;
      },
      timeoutMs,
      500,
    );
  /** Until the run has checkpointed an HSIC epoch and written rows of the next one. */
  const midRun = (runId: string) =>
    eventually(
      async () => {
        const { progress } = await runOf(runId);
        if (progress?.phase !== 'hsic') throw new Error('no HSIC epoch checkpointed yet');
        const rows = await repos.metrics.query(runId, { phase: 'hsic', layer: 0 });
        if (!rows.some((row) => row.epoch === progress.epoch + 1 && row.batch >= 0)) throw new Error('the next epoch has not started');
        return progress;
      },
      90_000,
      100,
    );

  it('crash the database mid-run and start it again: the run resumes and finishes with every metric point exactly once', async () => {
    const config = trainingConfig(5);
    const created = await createRun(repos, config, { modelName: 'faults-crash' });
    const worker = startWorker('crash-w1');
    await enqueueTrainingRun(queue, repos.runs, created.id);
    const atCrash = await midRun(created.id);

    await cluster.stop('immediate');
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await cluster.startServer();

    const done = await finished(created.id);
    expect(worker.running).toBe(true); // it rode out the outage: no restart was needed
    expect(done).toMatchObject({ attempts: 2, workerId: 'crash-w1', failureReason: null });
    expect(worker.output()).toMatch(new RegExp(`run ${created.id} hit a transient error, to be retried: Connection terminated unexpectedly`));
    // The worker logs its outcome after the final transaction commits: the line may trail the stored status.
    await eventually(() => expect(worker.output()).toMatch(new RegExp(`run ${created.id} SUCCEEDED .* resumed after hsic net 0 epoch \\d`)), 10_000, 100);
    // Every point exactly once: the primary key rules out duplicates, the exact key set rules out gaps.
    expect(await metricKeys(created.id)).toEqual(expectedMetricKeys(config, ['hsic', 'format']));
    expect((await repos.models.listVersions('faults-crash')).map((v) => v.version)).toEqual([1]);
    expect(atCrash.epoch).toBeLessThan(5);
  }, 240_000);

  it('kill a worker in the middle of its final write: none of it is stored, and the next worker finishes the run with one version', async () => {
    const config = trainingConfig(2);
    const created = await createRun(repos, config, { modelName: 'faults-final' });
    // Hold new model versions back: the final write stops at its version insert, after the finished models.
    const released = deferred();
    const holding = db.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`LOCK TABLE "ModelVersion" IN SHARE MODE`;
        await released.promise;
      },
      { timeout: 240_000, maxWait: 10_000 },
    );
    try {
      const first = startWorker('final-w1');
      await enqueueTrainingRun(queue, repos.runs, created.id);
      await eventually(
        async () => {
          const [{ waiting }] = await db.prisma.$queryRaw<{ waiting: number }[]>`
            SELECT count(*)::int AS "waiting" FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO%ModelVersion%'`;
          if (waiting !== 1) throw new Error('the final write has not reached the version yet');
        },
        120_000,
        100,
      );
      // In the middle of it: its finished model is written but not committed, so nobody sees it.
      expect(await repos.checkpoints.findFinal(created.id, 'hsic')).toBeNull();
      first.kill('SIGKILL');
      expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
    } finally {
      released.resolve();
      await holding;
    }
    expect(await repos.checkpoints.findFinal(created.id, 'hsic')).toBeNull();
    expect(await repos.models.get('faults-final')).toBeNull();
    expect(await runOf(created.id)).toMatchObject({ status: 'RUNNING', attempts: 1 });

    const second = startWorker('final-w2');
    const done = await finished(created.id);
    expect(done).toMatchObject({ attempts: 2, workerId: 'final-w2' });
    const versions = await repos.models.listVersions('faults-final');
    expect(versions.map((v) => v.version)).toEqual([1]);
    const finals = (await repos.checkpoints.listForRun(created.id)).filter((c) => c.final);
    expect(finals.map((c) => c.id)).toEqual([versions[0].checkpointId]);
    expect(await metricKeys(created.id)).toEqual(expectedMetricKeys(config, ['hsic', 'format']));
    await eventually(() => expect(second.output()).toMatch(new RegExp(`run ${created.id} SUCCEEDED .*registered faults-final v1 \\(production\\)`)), 10_000, 100);
  }, 300_000);

  it('two workers racing for one run: the newer attempt owns it, the older stops at its next write, one version', async () => {
    const config = trainingConfig(4);
    const created = await createRun(repos, config, { modelName: 'faults-race' });
    const racers = [startWorker('race-a'), startWorker('race-b')];
    await eventually(() => racers.forEach((w) => expect(w.output()).toContain('ready, taking training runs')), 60_000, 100);
    // Two jobs for one run (a duplicate delivery): each worker takes one.
    await enqueueTrainingRun(queue, repos.runs, created.id);
    await queue.send(TRAINING_QUEUE, { runId: created.id }, { idempotencyKey: `${created.id}:duplicate` });

    const done = await finished(created.id);
    await eventually(() => expect(racers.map((w) => w.output()).join('\n')).toMatch(/skipped: a newer attempt owns the run/), 60_000, 200);
    const outputs = racers.map((w) => w.output()).join('\n');
    expect(outputs.match(new RegExp(`run ${created.id} started: attempt \\d`, 'g'))?.sort()).toEqual([
      `run ${created.id} started: attempt 1`,
      `run ${created.id} started: attempt 2`,
    ]);
    expect(outputs.match(new RegExp(`run ${created.id} SUCCEEDED`, 'g'))).toHaveLength(1);
    expect(done.attempts).toBe(2);
    expect((await repos.models.listVersions('faults-race')).map((v) => v.version)).toEqual([1]);
    expect((await repos.checkpoints.listForRun(created.id)).filter((c) => c.final)).toHaveLength(1);
    expect(await metricKeys(created.id)).toEqual(expectedMetricKeys(config, ['hsic', 'format']));
  }, 300_000);

  it('with the database down, the API serves the models it has in memory and says so in readiness; it recovers when the database is back', async () => {
    const api = await startApi(await freePort());
    const instance = { instances: [(await mnistTestInstance(0)).values] };
    const [digit] = await mnistTestPngs(1);
    const ready = (name: string) => request(api.url).get(`/v2/models/${name}/ready`);
    expect((await ready('faults-crash')).body).toEqual({ name: 'faults-crash', version: '1', ready: true }); // and loaded
    expect(await ready('no-such-model')).toMatchObject({ status: 404, body: { code: 'model_not_found' } });
    await request(api.url).post('/v1/models/faults-crash:predict').send(instance).expect(200);

    await cluster.stop('immediate');
    try {
      const predicted = await request(api.url).post('/v1/models/faults-crash:predict').send(instance);
      expect(predicted.status).toBe(200);
      expect(predicted.body.model).toEqual({ name: 'faults-crash', version: 1 });
      await request(api.url).post('/v1/models/faults-crash:classify').attach('images', digit.png, digit.filename).expect(200);
      expect((await ready('faults-crash')).body).toEqual({ name: 'faults-crash', version: '1', ready: true });
      const notInMemory = await ready('no-such-model'); // can't tell: the registry is out of reach
      expect({ status: notInMemory.status, code: notInMemory.body.code, retryAfter: notInMemory.headers['retry-after'] }).toEqual({ status: 503, code: 'unavailable', retryAfter: '5' });
      const health = await request(api.url).get('/v2/health/ready');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ ready: true, degraded: true, reason: expect.stringMatching(/^database unreachable: (Can't reach database server|connect ECONNREFUSED)[^\n]*; serving the models in memory only \(faults-crash v1\)/) });
      const query = await request(api.url).post('/graphql').send({ query: '{ runs { totalCount } }' });
      expect(query.body.errors[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' }, message: expect.stringContaining('the database cannot be reached') });
    } finally {
      await cluster.startServer();
    }
    await eventually(async () => expect((await request(api.url).get('/v2/health/ready')).body).toEqual({ ready: true }), 60_000, 250);
    expect((await request(api.url).post('/graphql').send({ query: '{ runs { totalCount } }' })).body.data.runs.totalCount).toBeGreaterThan(0);
    expect(await ready('no-such-model')).toMatchObject({ status: 404, body: { code: 'model_not_found' } });
  }, 120_000);

  it('kill -9 the API under a runProgress subscriber: the client subscribes again after its last cursor and misses no point', async () => {
    const port = await freePort();
    let api = await startApi(port);
    const worker = startWorker('subscribed-w1');
    const config = trainingConfig(8);
    const created = await createRun(repos, config);
    await enqueueTrainingRun(queue, repos.runs, created.id);

    type Event = { runProgress: { cursor: string; run: { status: string }; points: MetricPoint[] } };
    const SUBSCRIPTION = `subscription($runId: ID!, $after: String) { runProgress(runId: $runId, after: $after) {
      cursor run { status } points { phase net epoch batch layer nhsicX nhsicY loss accuracy trainAccuracy testAccuracy seconds samples } } }`;
    const received = new Map<string, MetricPoint>();
    let cursor: string | null = null;
    let lastStatus = '';
    const follow = async (after: string | null, stopWhen: () => boolean) => {
      const client = subscriptionClient(api.url);
      let closedBy: unknown = null;
      let events = 0;
      try {
        for await (const result of client.iterate<Event>({ query: SUBSCRIPTION, variables: { runId: created.id, after } })) {
          if (result.errors) throw new Error(JSON.stringify(result.errors));
          const event = (result.data as Event).runProgress;
          events++;
          // GraphQL spells phases as its enum (HSIC); the repository as stored (hsic).
          for (const p of event.points) received.set(metricKey({ ...p, phase: p.phase.toLowerCase() as MetricPoint['phase'] }), { ...p, phase: p.phase.toLowerCase() as MetricPoint['phase'] });
          cursor = event.cursor;
          lastStatus = event.run.status;
          if (stopWhen()) break;
        }
      } catch (error) {
        closedBy = error; // the server went away
      } finally {
        await client.dispose();
      }
      return { closedBy, events };
    };

    // Follow until the run is well under way, then the API dies under the subscriber.
    const following = follow('0', () => false); // from the first point on
    await eventually(() => expect([...received.values()].some((p) => p.phase === 'hsic' && p.epoch >= 2)).toBe(true), 120_000, 100);
    const keysBefore = received.size;
    api.kill('SIGKILL');
    const lost = await following;
    expect(lost.closedBy).not.toBeNull();
    const cursorAtLoss = cursor;
    expect(cursorAtLoss).toMatch(/^\d+$/);

    // The worker goes on writing while no API is there; a new API comes up on the same address.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    api = await startApi(port);
    let firstAfterResume = -1;
    const sizeAtResume = received.size;
    const resumed = await follow(cursorAtLoss, () => {
      if (firstAfterResume < 0) firstAfterResume = received.size - sizeAtResume;
      return false;
    });
    expect(resumed.closedBy).toBeNull(); // it ran to the end of the run
    expect(lastStatus).toBe('SUCCEEDED');
    expect(firstAfterResume).toBeGreaterThan(0); // the points written while the client was away came first
    expect(received.size).toBeGreaterThan(keysBefore);

    const stored = await repos.metrics.query(created.id);
    expect([...received.keys()].sort()).toEqual(stored.map(metricKey).sort());
    for (const point of stored) expect(received.get(metricKey(point))).toEqual(point);
    expect(worker.running).toBe(true);
  }, 300_000);
});
