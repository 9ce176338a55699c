// The queue side of training, on the in-process queue and a real PostgreSQL database: cancelled jobs,
// malformed jobs, runs orphaned by dead workers, and queued runs no job will start.
import { TRAINING_QUEUE, type TrainingJob } from '@hsic/contracts';
import { initBackend, type TrainingEvent } from '@hsic/engine';
import { InProcessJobQueue } from '@hsic/jobs';
import {
  createTrainingJobHandler,
  enqueueTrainingRun,
  ensureTrainingQueues,
  failOrphanedRuns,
  resendStrandedRuns,
  RunExecutor,
  type ExecuteOptions,
  type RunOutcome,
} from '../src/index.js';
import { eventually } from '@hsic/testing';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database.test-util.js';
import { createRun, tinyConfig } from './support/training-builders.test-util.js';

describe('training jobs', () => {
  let scratch: ScratchDatabase;
  let backend: string;
  const queues: InProcessJobQueue[] = [];

  beforeAll(async () => {
    backend = (await initBackend({ logger: () => undefined })).name;
    scratch = await openScratchDatabase('hsic_jobs_training');
  });
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.stop({ timeoutMs: 1000 })));
    await scratch?.dispose();
  });

  const newQueue = async () => {
    const queue = new InProcessJobQueue();
    queues.push(queue);
    await ensureTrainingQueues(queue);
    return queue;
  };

  it('cancels the run when its job is cancelled while it trains', async () => {
    const queue = await newQueue();
    const run = await createRun(scratch.repos, tinyConfig({ hsic: { epochs: 4 } }));
    const outcomes: RunOutcome[] = [];
    // The job is cancelled from inside training, once the first epoch is done.
    const cancelAfterFirstEpoch = async (event: TrainingEvent) => {
      if (event.kind === 'epoch' && event.epoch === 1 && event.phase === 'hsic') await queue.cancel((await scratch.repos.runs.getOrThrow(run.id)).jobId as string);
    };
    class ObservedExecutor extends RunExecutor {
      override execute(runId: string, options: ExecuteOptions) {
        return super.execute(runId, { ...options, listener: cancelAfterFirstEpoch });
      }
    }
    // The monitor never polls: the job's signal alone must stop the run.
    const executor = new ObservedExecutor({ repos: scratch.repos, workerId: 'worker-j', backend, monitorIntervalMs: 60_000 });
    await queue.work<TrainingJob>(TRAINING_QUEUE, createTrainingJobHandler({ executor, queue, runs: scratch.repos.runs, onOutcome: (o) => outcomes.push(o) }));
    const jobId = await enqueueTrainingRun(queue, scratch.repos.runs, run.id);

    const cancelled = await eventually(async () => {
      const current = await scratch.repos.runs.getOrThrow(run.id);
      expect(current.status).toBe('CANCELLED');
      return current;
    });
    expect(outcomes.map((o) => o.kind)).toEqual(['interrupted']);
    expect(cancelled).toMatchObject({ cancelRequested: true, jobId, progress: { phase: 'hsic', epoch: 1 } });
    expect(await queue.getJob(jobId as string)).toMatchObject({ state: 'cancelled' });
  });

  it('completes a job whose data is not a training job, saying why', async () => {
    const queue = await newQueue();
    const lines: string[] = [];
    const executor = new RunExecutor({ repos: scratch.repos, workerId: 'worker-j', backend });
    await queue.work(TRAINING_QUEUE, createTrainingJobHandler({ executor, queue, runs: scratch.repos.runs, log: (line) => lines.push(line) }));
    const jobId = await queue.send(TRAINING_QUEUE, { run: 'r1' });
    await eventually(async () => expect(await queue.getJob(jobId as string)).toMatchObject({ state: 'completed' }));
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^training job ${jobId} ignored: its data is not \\{ runId \\}`))]);
  });

  it('fails running runs that nobody will finish, and leaves the ones the queue will deliver again', async () => {
    const queue = await newQueue();
    const started = async (jobId: string | null) => {
      const run = await createRun(scratch.repos, tinyConfig());
      return scratch.repos.runs.start(run.id, { workerId: 'dead-worker', jobId });
    };
    const waiting = await started(await queue.send(TRAINING_QUEUE, { runId: 'waiting' }));
    const cancelledJob = await queue.send(TRAINING_QUEUE, { runId: 'cancelled' });
    await queue.cancel(cancelledJob as string);
    const abandoned = await started(cancelledJob);
    const jobless = await started(null);

    const failed = await failOrphanedRuns(scratch.repos.runs, queue, { staleAfterMs: 60_000, now: new Date(Date.now() + 120_000) });
    expect(failed.map((run) => run.id).sort()).toEqual([abandoned.id, jobless.id].sort());
    expect(await scratch.repos.runs.getOrThrow(abandoned.id)).toMatchObject({
      status: 'FAILED',
      failureReason: 'the worker stopped reporting and its job ended cancelled: no attempt is left to resume it',
    });
    expect((await scratch.repos.runs.getOrThrow(jobless.id)).failureReason).toMatch(/it has no queue job/);
    expect(await scratch.repos.runs.getOrThrow(waiting.id)).toMatchObject({ status: 'RUNNING' });
    // Nothing is stale yet at the real time.
    expect(await failOrphanedRuns(scratch.repos.runs, queue, { staleAfterMs: 60_000 })).toEqual([]);
  });

  it('sends a job again for a run queued without a live one, once however many processes repair it, and leaves the others', async () => {
    const queue = await newQueue();
    const later = new Date(Date.now() + 5 * 60_000);
    const neverSent = await createRun(scratch.repos, tinyConfig());
    const jobEnded = await createRun(scratch.repos, tinyConfig());
    const deadJob = (await enqueueTrainingRun(queue, scratch.repos.runs, jobEnded.id)) as string;
    await queue.cancel(deadJob);
    const waiting = await createRun(scratch.repos, tinyConfig());
    const liveJob = await enqueueTrainingRun(queue, scratch.repos.runs, waiting.id);

    // Within the grace period the sender may still be at it: nothing is touched.
    expect((await resendStrandedRuns(scratch.repos.runs, queue, { graceMs: 60_000 })).map((r) => r.id)).not.toContain(neverSent.id);

    const [a, b] = await Promise.all([
      resendStrandedRuns(scratch.repos.runs, queue, { graceMs: 60_000, now: later }),
      resendStrandedRuns(scratch.repos.runs, queue, { graceMs: 60_000, now: later }),
    ]);
    const resent = [...a, ...b].map((run) => run.id);
    expect(resent).toContain(neverSent.id);
    expect(resent).toContain(jobEnded.id);
    expect(resent).not.toContain(waiting.id);
    for (const run of [neverSent, jobEnded]) {
      const { jobId } = await scratch.repos.runs.getOrThrow(run.id);
      expect(jobId).not.toBeNull();
      expect(jobId).not.toBe(deadJob);
      expect(await queue.getJob(jobId as string)).toMatchObject({ state: 'queued', data: { runId: run.id } });
    }
    expect((await scratch.repos.runs.getOrThrow(waiting.id)).jobId).toBe(liveJob);
    // Two repairs at once sent one job per run, and a third finds nothing to do.
    const queued = (await queue.queueDepth(TRAINING_QUEUE)).queued;
    expect((await resendStrandedRuns(scratch.repos.runs, queue, { graceMs: 60_000, now: later })).map((r) => r.id)).not.toContain(neverSent.id);
    expect((await queue.queueDepth(TRAINING_QUEUE)).queued).toBe(queued);
  });
});
