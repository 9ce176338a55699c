// One behaviour contract for every JobQueue driver (run by in-process-job-queue.spec.ts and
// pg-boss-job-queue.spec.ts). Queue names are unique per test, so the tests share one backend.
import { randomUUID } from 'node:crypto';
import { jobIdFor, ManualClock, tickKey, type Clock, type JobContext, type JobQueue } from '../src/index.js';
import { deferred, eventually } from '@hsic/testing';

export interface ContractHarness {
  /** A new queue instance on the shared backend, as another process would have. */
  newQueue(options?: { clock?: Clock }): Promise<JobQueue>;
}

const uniqueQueue = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const at = (iso: string) => new Date(iso);

export function describeJobQueueContract(harness: () => ContractHarness): void {
  it('keeps one job per idempotency key and hands each job over once', async () => {
    const jobs = await harness().newQueue();
    const queue = uniqueQueue('idempotent');
    await jobs.createQueue(queue);
    const first = await jobs.send(queue, { n: 1 }, { idempotencyKey: 'run-1' });
    expect(first).toEqual(expect.any(String));
    expect(await jobs.send(queue, { n: 2 }, { idempotencyKey: 'run-1' })).toBeNull();
    const other = await jobs.send(queue, { n: 3 }, { idempotencyKey: 'run-2' });
    const plain = [await jobs.send(queue, { n: 4 }), await jobs.send(queue, { n: 5 })];
    expect(new Set([first, other, ...plain]).size).toBe(4);
    expect(await jobs.queueDepth(queue)).toEqual({ queued: 4, active: 0 });

    const seen: JobContext<{ n: number }>[] = [];
    await jobs.work<{ n: number }>(queue, async (job) => {
      seen.push(job);
    });
    await eventually(() => expect(seen.map((job) => job.data.n).sort()).toEqual([1, 3, 4, 5]));
    expect(seen.every((job) => job.attempt === 1 && job.scheduledFor === null && job.queue === queue)).toBe(true);
    expect(seen.find((job) => job.data.n === 1)?.id).toBe(first);
    await eventually(async () => expect(await jobs.getJob(first as string)).toMatchObject({ state: 'completed', data: { n: 1 } }));
    expect(await jobs.send(queue, { n: 6 }, { idempotencyKey: 'run-1' })).toBeNull(); // finished jobs still count
  });

  it('retries a job whose handler throws, then succeeds', async () => {
    const jobs = await harness().newQueue();
    const queue = uniqueQueue('retry');
    await jobs.createQueue(queue, { retryLimit: 2, retryDelaySeconds: 0 });
    const attempts: number[] = [];
    await jobs.work(queue, async (job) => {
      attempts.push(job.attempt);
      if (job.attempt < 3) throw new Error(`flaky attempt ${job.attempt}`);
    });
    const id = (await jobs.send(queue, { model: 'digits' })) as string;
    await eventually(async () => expect(await jobs.getJob(id)).toMatchObject({ state: 'completed', retryCount: 2 }));
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('fails a job for good once its retries are used up, keeping the error', async () => {
    const jobs = await harness().newQueue();
    const queue = uniqueQueue('exhausted');
    await jobs.createQueue(queue, { retryLimit: 1, retryDelaySeconds: 0 });
    const attempts: number[] = [];
    await jobs.work(queue, async (job) => {
      attempts.push(job.attempt);
      throw new Error('dataset missing');
    });
    const id = (await jobs.send(queue, {})) as string;
    await eventually(async () => expect(await jobs.getJob(id)).toMatchObject({ state: 'failed', error: 'dataset missing' }));
    expect(attempts).toEqual([1, 2]);
  });

  it('drops a cancelled queued job: it never reaches a handler', async () => {
    const jobs = await harness().newQueue();
    const queue = uniqueQueue('cancel-queued');
    await jobs.createQueue(queue);
    const doomed = (await jobs.send(queue, { n: 'doomed' })) as string;
    await jobs.cancel(doomed);
    expect(await jobs.getJob(doomed)).toMatchObject({ state: 'cancelled' });
    await jobs.send(queue, { n: 'sentinel' }); // sent after the cancelled one: handled after it would have been
    const seen: string[] = [];
    await jobs.work<{ n: string }>(queue, async (job) => {
      seen.push(job.data.n);
    });
    await eventually(() => expect(seen).toContain('sentinel'));
    expect(seen).toEqual(['sentinel']);
  });

  it('aborts the signal of a cancelled running job and does not retry it', async () => {
    const jobs = await harness().newQueue();
    const queue = uniqueQueue('cancel-active');
    await jobs.createQueue(queue, { retryLimit: 2, retryDelaySeconds: 0 });
    const started = deferred<string>();
    const aborted = deferred<boolean>();
    let runs = 0;
    await jobs.work(queue, async (job) => {
      runs++;
      started.resolve(job.id);
      await new Promise((resolve) => job.signal.addEventListener('abort', resolve, { once: true }));
      aborted.resolve(job.signal.aborted);
    });
    const id = (await jobs.send(queue, {})) as string;
    expect(await started.promise).toBe(id);
    await jobs.cancel(id);
    expect(await aborted.promise).toBe(true);
    await eventually(async () => expect(await jobs.getJob(id)).toMatchObject({ state: 'cancelled' }));
    await eventually(async () => expect(await jobs.queueDepth(queue)).toEqual({ queued: 0, active: 0 }));
    expect(runs).toBe(1);
  });

  it('reports how many jobs wait and run', async () => {
    const jobs = await harness().newQueue();
    const queue = uniqueQueue('depth');
    await jobs.createQueue(queue);
    expect(await jobs.queueDepth(queue)).toEqual({ queued: 0, active: 0 });
    for (let i = 0; i < 3; i++) await jobs.send(queue, { i });
    expect(await jobs.queueDepth(queue)).toEqual({ queued: 3, active: 0 });

    const release = deferred();
    await jobs.work(queue, () => release.promise);
    await eventually(async () => expect(await jobs.queueDepth(queue)).toEqual({ queued: 2, active: 1 }));
    release.resolve();
    await eventually(async () => expect(await jobs.queueDepth(queue)).toEqual({ queued: 0, active: 0 }));
  });

  it('fires a schedule registered by two instances once per tick, with the tick time', async () => {
    const clock = new ManualClock(at('2026-11-27T02:58:30Z'));
    const [a, b] = [await harness().newQueue({ clock }), await harness().newQueue({ clock })];
    const queue = uniqueQueue('ticks');
    const name = `retrain-${queue}`;
    await a.createQueue(queue);
    await a.schedule(name, '* * * * *', { model: 'digits' }, { queue });
    await b.schedule(name, '* * * * *', { model: 'digits' }, { queue });
    const seen: string[] = [];
    const record = async (job: JobContext<{ model: string }>) => {
      seen.push(`${job.data.model}@${job.scheduledFor?.toISOString() ?? 'sentinel'}`);
    };
    await a.work(queue, record);
    await b.work(queue, record);

    await clock.advanceTo(at('2026-11-27T03:00:30Z')); // both instances fire 02:59 and 03:00
    await eventually(() => expect(seen.length).toBeGreaterThanOrEqual(2));
    await a.send(queue, { model: 'end' });
    await eventually(async () => {
      expect(seen).toContain('end@sentinel');
      expect(await a.queueDepth(queue)).toEqual({ queued: 0, active: 0 });
    });
    expect(seen.filter((s) => s !== 'end@sentinel').sort()).toEqual(['digits@2026-11-27T02:59:00.000Z', 'digits@2026-11-27T03:00:00.000Z']);
    const tickJob = await a.getJob(jobIdFor(queue, tickKey(name, at('2026-11-27T03:00:00Z'))));
    expect(tickJob).toMatchObject({ state: 'completed', scheduledFor: at('2026-11-27T03:00:00Z') });

    await a.unschedule(name);
    await b.unschedule(name);
    await clock.advanceTo(at('2026-11-27T03:05:30Z'));
    expect(await a.queueDepth(queue)).toEqual({ queued: 0, active: 0 });
  });

  it('hands a job whose handler outlives stop() to another instance', async () => {
    const [leaving, staying] = [await harness().newQueue(), await harness().newQueue()];
    const queue = uniqueQueue('handover');
    await leaving.createQueue(queue, { retryLimit: 1, retryDelaySeconds: 0 });
    const started = deferred();
    let sawAbort = false;
    await leaving.work(queue, async (job) => {
      started.resolve();
      await new Promise((resolve) => job.signal.addEventListener('abort', resolve, { once: true }));
      sawAbort = true;
    });
    const id = (await leaving.send(queue, {})) as string;
    await started.promise;
    const retried = deferred<number>();
    await staying.work(queue, async (job) => retried.resolve(job.attempt));
    await leaving.stop({ timeoutMs: 1000 });
    expect(await retried.promise).toBe(2);
    expect(sawAbort).toBe(true);
    await eventually(async () => expect(await staying.getJob(id)).toMatchObject({ state: 'completed' }));
  });

  it('refuses to use a queue nobody created, and knows no job it never had', async () => {
    const jobs = await harness().newQueue();
    await expect(jobs.send(uniqueQueue('missing'), {})).rejects.toThrow(/does not exist/);
    expect(await jobs.getJob(randomUUID())).toBeNull();
    expect(await jobs.getJob('not-a-job-id')).toBeNull();
    await jobs.cancel(randomUUID()); // nothing to cancel: no error
  });
}
