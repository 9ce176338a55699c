import type { MetricPoint, Run, RunStatus } from '@hsic/contracts';
import type { DbClient, Repositories } from '@hsic/persistence';
import { silentLogger } from '../runtime/console-logger.js';
import { RunProgressHub, type RunProgressUpdate } from './run-progress-hub.js';

const run = (status: RunStatus, epoch: number | null = null): Run => ({
  id: 'r1', kind: 'PIPELINE', status, datasetName: 'mnist-10k', config: {}, preset: null, modelName: null, scheduleId: null,
  scheduledFor: null, backend: null, workerId: null, attempts: 0, progress: epoch === null ? null : { phase: 'hsic', net: 0, epoch },
  testAccuracy: null, failureReason: null, cancelRequested: false, createdAt: new Date(0), startedAt: null, finishedAt: null,
  heartbeatAt: null, hsicEpochSeconds: null, jobId: null,
});

const point = (epoch: number, batch: number, loss: number): MetricPoint => ({
  phase: 'hsic', net: 0, epoch, batch, layer: 0, nhsicX: 0.5, nhsicY: 0.4, loss, accuracy: null, trainAccuracy: null,
  testAccuracy: null, seconds: null, samples: null,
});

/** A database that the test moves along: the run's state and the metric rows a worker has written. */
function fakeDatabase() {
  const state = { run: run('QUEUED'), points: [] as MetricPoint[], polls: 0 };
  const repos = { runs: { get: async () => { state.polls++; return state.run; } } } as unknown as Repositories;
  const prisma = { metricPoint: { findMany: async () => state.points.map((p) => ({ ...p, runId: 'r1' })) } } as unknown as DbClient;
  return { state, repos, prisma };
}

async function take(iterator: AsyncIterator<RunProgressUpdate>, count: number): Promise<RunProgressUpdate[]> {
  const updates: RunProgressUpdate[] = [];
  while (updates.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    updates.push(next.value);
  }
  return updates;
}

describe('RunProgressHub', () => {
  it('pushes the run, then status changes and new points, and completes when the run ends', async () => {
    const { state, repos, prisma } = fakeDatabase();
    const hub = new RunProgressHub(repos, prisma, 5, silentLogger);
    const updates = await hub.subscribe(state.run);
    const [first] = await take(updates, 1);
    expect(first).toMatchObject({ run: { status: 'QUEUED' }, points: [], statusChanged: true });

    state.run = run('RUNNING');
    state.points = [point(1, 0, 2.3)];
    const [second] = await take(updates, 1);
    expect(second).toMatchObject({ run: { status: 'RUNNING' }, statusChanged: true, points: [{ epoch: 1, batch: 0, loss: 2.3 }] });

    state.points = [point(1, 0, 2.3), point(1, 1, 2.1)];
    state.run = run('RUNNING', 1);
    const [third] = await take(updates, 1);
    expect(third).toMatchObject({ statusChanged: false, points: [{ batch: 1 }] });

    state.run = run('SUCCEEDED', 1);
    const rest = await take(updates, 10);
    expect(rest.map((u) => u.run.status)).toEqual(['SUCCEEDED']);
    expect(await updates.next()).toEqual({ value: undefined, done: true });
    expect(hub.watchedRuns).toBe(0);
  });

  it('shares one poller per run and stops it when the last subscriber leaves', async () => {
    const { state, repos, prisma } = fakeDatabase();
    state.run = run('RUNNING');
    const hub = new RunProgressHub(repos, prisma, 5, silentLogger);
    const a = await hub.subscribe(state.run);
    const b = await hub.subscribe(state.run);
    expect(hub.watchedRuns).toBe(1);
    await a.return?.();
    expect(hub.watchedRuns).toBe(1);
    await b.return?.();
    expect(hub.watchedRuns).toBe(0);
    const pollsAfterStop = state.polls;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(state.polls).toBe(pollsAfterStop);
  });
});
