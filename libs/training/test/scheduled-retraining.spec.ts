// Scheduled retraining against a real PostgreSQL database: ticks create runs once, the gate promotes only a
// better candidate, and the queue fires the ticks of the enabled schedules (in-process queue, manual clock).
import { SCHEDULE_TICK_QUEUE, TRAINING_QUEUE, type ScheduleTickJob } from '@hsic/contracts';
import { initBackend } from '@hsic/engine';
import { InProcessJobQueue, ManualClock, type JobContext } from '@hsic/jobs';
import {
  applyScheduleGate,
  createScheduleTickHandler,
  createTrainingJobHandler,
  ensureTrainingQueues,
  handleScheduleTick,
  RunExecutor,
  syncSchedules,
  type RunOutcome,
} from '../src/index.js';
import { eventually } from '@hsic/testing';
import { createSchedule, seedCheckpoint, seedProductionVersion, tickOn } from './support/registry-builders.test-util.js';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database.test-util.js';
import { createRun, tinyConfig } from './support/training-builders.test-util.js';

describe('scheduled retraining', () => {
  let scratch: ScratchDatabase;
  let executor: RunExecutor;
  const queues: InProcessJobQueue[] = [];

  beforeAll(async () => {
    const backend = (await initBackend({ logger: () => undefined })).name;
    scratch = await openScratchDatabase('hsic_schedules');
    executor = new RunExecutor({ repos: scratch.repos, workerId: 'worker-s', backend, monitorIntervalMs: 0 });
  });
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.stop({ timeoutMs: 1000 })));
    await scratch?.dispose();
  });

  const newQueue = async (clock?: ManualClock) => {
    const queue = new InProcessJobQueue({ clock });
    queues.push(queue);
    await ensureTrainingQueues(queue);
    return queue;
  };

  const tick = (queue: InProcessJobQueue, scheduleId: string, tickAt: Date) =>
    handleScheduleTick({ repos: scratch.repos, queue }, { scheduleId, tickAt, fromCron: true });

  const trainTick = async (queue: InProcessJobQueue, scheduleId: string, tickAt: Date) => {
    const ticked = await tick(queue, scheduleId, tickAt);
    if (ticked.kind !== 'enqueued') throw new Error(`tick not enqueued: ${ticked.reason}`);
    return { run: ticked.run, outcome: await executor.execute(ticked.run.id) };
  };

  const succeeded = (outcome: RunOutcome) => {
    if (outcome.kind !== 'succeeded') throw new Error(`expected success, got ${JSON.stringify(outcome)}`);
    return outcome;
  };

  it('promotes a candidate whose test accuracy beats the current version, with both numbers recorded', async () => {
    const queue = await newQueue();
    const current = await seedProductionVersion(scratch.repos, 'sched-better', 0);
    const schedule = await createSchedule(scratch.repos, 'sched-better');
    const { run, outcome } = await trainTick(queue, schedule.id, tickOn(2));
    const { version, decision } = succeeded(outcome);

    expect(run).toMatchObject({ scheduleId: schedule.id, scheduledFor: tickOn(2), kind: 'PIPELINE', modelName: 'sched-better' });
    expect(version).toMatchObject({ version: 2, kind: 'format', runId: run.id, aliases: ['production'] });
    expect(decision).toMatchObject({
      scheduleId: schedule.id,
      tickAt: tickOn(2),
      runId: run.id,
      candidateVersionId: version?.id,
      candidateAccuracy: version?.testAccuracy,
      currentVersionId: current.id,
      currentAccuracy: 0,
      promoted: true,
      reason: expect.stringMatching(/^v2 scored [\d.]+ % on the test split, more than v1 \(0\.00 %\): promoted$/),
    });
    expect((await scratch.repos.models.getOrThrow('sched-better')).aliases).toEqual({ production: 2 });
    expect((await scratch.repos.models.aliasHistory('sched-better', 'production')).at(-1)).toMatchObject({ fromVersion: 1, toVersion: 2, reason: 'schedule' });
    expect(await scratch.repos.schedules.get(schedule.id)).toMatchObject({ lastFiredAt: tickOn(2) });
  });

  it('keeps the current version when the candidate is not better, and still registers the candidate', async () => {
    const queue = await newQueue();
    const current = await seedProductionVersion(scratch.repos, 'sched-worse', 1);
    const schedule = await createSchedule(scratch.repos, 'sched-worse');
    const { version, decision } = succeeded((await trainTick(queue, schedule.id, tickOn(2))).outcome);

    expect(decision).toMatchObject({ promoted: false, currentVersionId: current.id, currentAccuracy: 1, candidateAccuracy: version?.testAccuracy });
    expect(decision?.reason).toMatch(/^v2 scored [\d.]+ % on the test split, not more than v1 \(100\.00 %\): 'production' stays at v1$/);
    expect((await scratch.repos.models.getOrThrow('sched-worse')).aliases).toEqual({ production: 1 });
    expect((await scratch.repos.models.listVersions('sched-worse')).map((v) => [v.version, v.aliases])).toEqual([
      [2, []],
      [1, ['production']],
    ]);
  });

  it('promotes the first version of a model that has none', async () => {
    const queue = await newQueue();
    const schedule = await createSchedule(scratch.repos, 'sched-first');
    const { decision } = succeeded((await trainTick(queue, schedule.id, tickOn(2))).outcome);
    expect(decision).toMatchObject({ promoted: true, currentVersionId: null, currentAccuracy: null, reason: expect.stringMatching(/pointed to no version/) });
    expect((await scratch.repos.models.getOrThrow('sched-first')).aliases).toEqual({ production: 1 });
  });

  it('makes one run and one decision per tick, however often the tick and its job are delivered', async () => {
    const queue = await newQueue();
    await seedProductionVersion(scratch.repos, 'sched-twice', 0);
    const schedule = await createSchedule(scratch.repos, 'sched-twice');
    const [first, second] = await Promise.all([tick(queue, schedule.id, tickOn(3)), tick(queue, schedule.id, tickOn(3))]);
    const third = await tick(queue, schedule.id, tickOn(3));
    if (first.kind !== 'enqueued' || second.kind !== 'enqueued' || third.kind !== 'enqueued') throw new Error('a tick was not enqueued');
    expect(new Set([first.run.id, second.run.id, third.run.id]).size).toBe(1);
    expect([first.created, second.created, third.created].filter(Boolean)).toHaveLength(1);
    expect(await queue.queueDepth(TRAINING_QUEUE)).toEqual({ queued: 1, active: 0 });

    const { version, decision } = succeeded(await executor.execute(first.run.id));
    expect(await executor.execute(first.run.id)).toMatchObject({ kind: 'skipped' });
    // A redelivered tick after the run finished changes nothing either.
    expect(await tick(queue, schedule.id, tickOn(3))).toMatchObject({ kind: 'enqueued', created: false, run: { status: 'SUCCEEDED' } });
    // The gate applied again (a retried job that crashed after it) finds the decision made.
    expect(await applyScheduleGate(scratch.repos, { id: first.run.id, scheduleId: schedule.id, scheduledFor: tickOn(3) }, 'production', version!)).toEqual(decision);
    expect(await scratch.repos.schedules.listDecisions(schedule.id)).toEqual([decision]);
    expect((await scratch.repos.models.aliasHistory('sched-twice', 'production')).map((e) => e.reason)).toEqual(['promote', 'schedule']);
  });

  it('decides under the lock promoteVersion takes: a hand-made move in progress is waited for and compared against', async () => {
    await seedProductionVersion(scratch.repos, 'sched-locked', 0);
    const candidate = await scratch.repos.models.addVersion({ modelName: 'sched-locked', checkpointId: (await seedCheckpoint(scratch.repos)).id, kind: 'format', testAccuracy: 0.5, datasetName: 'mnist-10k' });
    const better = await scratch.repos.models.addVersion({ modelName: 'sched-locked', checkpointId: (await seedCheckpoint(scratch.repos)).id, kind: 'format', testAccuracy: 0.9, datasetName: 'mnist-10k' });
    const schedule = await createSchedule(scratch.repos, 'sched-locked');
    const run = await createRun(scratch.repos, tinyConfig());
    let gate: Promise<unknown> = Promise.resolve();
    await scratch.repos.transaction(async (tx) => {
      await tx.models.lock('sched-locked'); // what promoteVersion holds while it moves the alias
      let settled = false;
      gate = applyScheduleGate(scratch.repos, { id: run.id, scheduleId: schedule.id, scheduledFor: tickOn(9) }, 'production', candidate).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      await tx.models.setAlias('sched-locked', 'production', better.version, 'promote', 'ops key');
    });
    expect(await gate).toMatchObject({ promoted: false, currentVersionId: better.id, currentAccuracy: 0.9 });
    expect((await scratch.repos.models.getOrThrow('sched-locked')).aliases).toEqual({ production: better.version });
  });

  it('starts no run while the previous tick’s run is unfinished, and records why', async () => {
    const queue = await newQueue();
    const schedule = await createSchedule(scratch.repos, 'sched-overlap');
    const earlier = await tick(queue, schedule.id, tickOn(4));
    const later = await tick(queue, schedule.id, tickOn(5));
    expect(earlier.kind).toBe('enqueued');
    expect(later).toMatchObject({ kind: 'skipped', decision: { runId: null, promoted: false, tickAt: tickOn(5) } });
    expect(later.kind === 'skipped' && later.reason).toMatch(/^skipped: the run .* of the tick at 2026-11-04T03:00:00.000Z is still QUEUED$/);
  });

  it('records a decision without promotion when the scheduled run fails or produces nothing servable', async () => {
    const queue = await newQueue();
    const failing = await createSchedule(scratch.repos, 'sched-fails', { datasetName: 'fashion-mnist' });
    const failed = await trainTick(queue, failing.id, tickOn(6));
    expect(failed.outcome.kind).toBe('failed');
    expect(await scratch.repos.schedules.getDecision(failing.id, tickOn(6))).toMatchObject({
      runId: failed.run.id,
      promoted: false,
      candidateVersionId: null,
      reason: expect.stringMatching(/^the run failed: the run is for dataset 'fashion-mnist'/),
    });

    const bare = await createSchedule(scratch.repos, 'sched-bare', { config: tinyConfig({ format: null, backprop: null }) });
    const trained = await trainTick(queue, bare.id, tickOn(6));
    expect(succeeded(trained.outcome).decision).toMatchObject({ promoted: false, reason: expect.stringMatching(/has no readout/) });
    expect(await scratch.repos.models.get('sched-bare')).toBeNull();
  });

  it('fires the ticks of the enabled schedules through the queue, follows edits, and trains each tick end to end', async () => {
    // Other tests' schedules fire at 03:00; this one earlier, and the clock never reaches 03:00.
    const clock = new ManualClock(new Date('2026-11-10T02:57:30Z'));
    const queue = await newQueue(clock);
    const nightly = await createSchedule(scratch.repos, 'sched-nightly', { cron: '58 2 * * *' });
    const paused = await createSchedule(scratch.repos, 'sched-paused', { enabled: false });
    const ticks: JobContext<ScheduleTickJob>[] = [];
    const tickHandler = createScheduleTickHandler({ repos: scratch.repos, queue });
    await queue.work<ScheduleTickJob>(SCHEDULE_TICK_QUEUE, async (job) => {
      ticks.push(job);
      await tickHandler(job);
    });
    await queue.work(TRAINING_QUEUE, createTrainingJobHandler({ executor, queue, runs: scratch.repos.runs }));

    const sync = await syncSchedules(scratch.repos, queue);
    expect(sync.registered).toContain(nightly.id);
    expect(sync.registered).not.toContain(paused.id);
    expect(await syncSchedules(scratch.repos, queue)).toEqual({ registered: [], removed: [], failed: [] });

    await clock.advanceTo(new Date('2026-11-10T02:58:01Z'));
    await eventually(() => expect(ticks.map((job) => [job.data, job.scheduledFor])).toEqual([[{ scheduleId: nightly.id }, new Date('2026-11-10T02:58:00Z')]]));
    // The gate decides before the run is marked SUCCEEDED: wait for the run, then read the decision.
    const trained = await eventually(async () => {
      const [run] = (await scratch.repos.runs.list({ modelName: 'sched-nightly' })).items;
      expect(run).toMatchObject({ status: 'SUCCEEDED', scheduleId: nightly.id, scheduledFor: new Date('2026-11-10T02:58:00Z') });
      return run;
    });
    expect(await scratch.repos.schedules.getDecision(nightly.id, new Date('2026-11-10T02:58:00Z'))).toMatchObject({ promoted: true, runId: trained.id });

    // Edits made elsewhere reach this process at its next sync: a new cron, a disabled schedule.
    await scratch.repos.schedules.update(nightly.id, { cron: '59 2 * * *' });
    await scratch.repos.schedules.update(paused.id, { enabled: true });
    expect(await syncSchedules(scratch.repos, queue)).toEqual({ registered: expect.arrayContaining([nightly.id, paused.id]), removed: [], failed: [] });
    await scratch.repos.schedules.update(paused.id, { enabled: false });
    expect(await syncSchedules(scratch.repos, queue)).toEqual({ registered: [], removed: [paused.id], failed: [] });
    await scratch.repos.schedules.update(nightly.id, { enabled: false });
    await clock.advanceTo(new Date('2026-11-10T02:59:01Z'));
    await eventually(() => expect(ticks.map((job) => job.scheduledFor)).toEqual([new Date('2026-11-10T02:58:00Z'), new Date('2026-11-10T02:59:00Z')]));
    // The disabled schedule's tick (its registration is stale until the next sync) starts nothing.
    expect(await scratch.repos.schedules.getDecision(nightly.id, new Date('2026-11-10T02:59:00Z'))).toBeNull();
    expect((await scratch.repos.runs.list({ modelName: 'sched-nightly' })).items).toHaveLength(1);
  });
});
