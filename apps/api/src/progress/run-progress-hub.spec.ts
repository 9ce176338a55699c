import type { MetricPoint, Run, RunStatus, WrittenMetricPoint } from '@hsic/contracts';
import type { Repositories } from '@hsic/persistence';
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

/** A database the test moves along: the run's state and the points a worker wrote, in write order. */
function fakeDatabase() {
  const state = { run: run('QUEUED'), written: [] as WrittenMetricPoint[], polls: 0 };
  const write = (...points: MetricPoint[]) => {
    for (const p of points) state.written.push({ ...p, seq: BigInt(state.written.length + 1) });
  };
  const repos = {
    runs: { get: async () => (state.polls++, state.run) },
    metrics: {
      lastWritten: async () => BigInt(state.written.length),
      writtenAfter: async (_runId: string, after: bigint, limit: number) => state.written.filter((p) => p.seq > after).slice(0, limit),
    },
  } as unknown as Repositories;
  return { state, repos, write };
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
    const { state, repos, write } = fakeDatabase();
    const hub = new RunProgressHub(repos, 5, silentLogger);
    const updates = await hub.subscribe(state.run);
    const [first] = await take(updates, 1);
    expect(first).toMatchObject({ run: { status: 'QUEUED' }, points: [], statusChanged: true, cursor: 0n });

    state.run = run('RUNNING');
    write(point(1, 0, 2.3));
    const [second] = await take(updates, 1);
    expect(second).toMatchObject({ run: { status: 'RUNNING' }, statusChanged: true, points: [{ epoch: 1, batch: 0, loss: 2.3 }], cursor: 1n });

    write(point(1, 2, 2.0), point(1, 1, 2.1)); // written out of order: delivered in metrics order
    state.run = run('RUNNING', 1);
    const [third] = await take(updates, 1);
    expect(third).toMatchObject({ statusChanged: false, points: [{ batch: 1 }, { batch: 2 }], cursor: 3n });

    state.run = run('SUCCEEDED', 1);
    const rest = await take(updates, 10);
    expect(rest.map((u) => u.run.status)).toEqual(['SUCCEEDED']);
    expect(await updates.next()).toEqual({ value: undefined, done: true });
    expect(hub.watchedRuns).toBe(0);
  });

  it('resumes after a cursor: the first update carries every point written since, the next ones only news', async () => {
    const { state, repos, write } = fakeDatabase();
    state.run = run('RUNNING');
    write(point(1, 0, 2.3), point(1, 1, 2.2), point(1, 2, 2.1));
    const hub = new RunProgressHub(repos, 5, silentLogger);
    const live = await hub.subscribe(state.run);
    const resumed = await hub.subscribe(state.run, 1n);
    const [liveFirst] = await take(live, 1);
    const [resumedFirst] = await take(resumed, 1);
    expect(liveFirst).toMatchObject({ points: [], cursor: 3n });
    expect(resumedFirst).toMatchObject({ points: [{ batch: 1 }, { batch: 2 }], cursor: 3n, statusChanged: true });

    write(point(1, 1, 1.9)); // a rewrite is news too
    const [[liveNext], [resumedNext]] = await Promise.all([take(live, 1), take(resumed, 1)]);
    expect(liveNext).toMatchObject({ points: [{ batch: 1, loss: 1.9 }], cursor: 4n });
    expect(resumedNext).toEqual(liveNext);
    await live.return?.();
    await resumed.return?.();
  });

  it('sends a finished run the points after the cursor, then completes', async () => {
    const { state, repos, write } = fakeDatabase();
    write(point(1, 0, 2.3), point(1, 1, 2.2));
    state.run = run('SUCCEEDED', 1);
    const hub = new RunProgressHub(repos, 5, silentLogger);
    const updates = await hub.subscribe(state.run, 1n);
    expect(await take(updates, 5)).toMatchObject([{ run: { status: 'SUCCEEDED' }, points: [{ batch: 1 }], cursor: 2n }]);
    expect(hub.watchedRuns).toBe(0);
  });

  it('shares one poller per run and stops it when the last subscriber leaves', async () => {
    const { state, repos } = fakeDatabase();
    state.run = run('RUNNING');
    const hub = new RunProgressHub(repos, 5, silentLogger);
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
