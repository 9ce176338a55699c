// The JobQueue contract on pg-boss over a fresh database on the local PostgreSQL 15, and the killed-worker
// proof: a worker process SIGKILLed while holding a job loses it to another worker once its heartbeat stops.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPgBossJobQueue, type JobQueue } from '../src/index.js';
import { createScratchPostgres, deferred, type ScratchPostgres } from '@hsic/testing';
import { describeJobQueueContract, type ContractHarness } from './job-queue.contract.test-util.js';
import { forkTs } from './support/run-ts.test-util.js';

describe('pg-boss job queue', () => {
  let database: ScratchPostgres;
  const instances: JobQueue[] = [];
  const harness: ContractHarness = {
    async newQueue(options = {}) {
      const queue = await createPgBossJobQueue({ url: database.url, clock: options.clock, pollingIntervalSeconds: 0.5, heartbeatRefreshSeconds: 1 });
      instances.push(queue);
      return queue;
    },
  };

  beforeAll(async () => {
    database = await createScratchPostgres('hsic_jobs');
  });
  afterAll(async () => {
    await Promise.all(instances.map((queue) => queue.stop({ timeoutMs: 1000 })));
    await database.drop();
  });

  describeJobQueueContract(() => harness);

  it('gives the job of a SIGKILLed worker to another worker once its heartbeat stops', async () => {
    const survivor = await harness.newQueue(); // supervises: fails jobs whose heartbeat went quiet
    const queue = `kill-${randomUUID().slice(0, 8)}`;
    await survivor.createQueue(queue, { retryLimit: 2, retryDelaySeconds: 0, heartbeatSeconds: 10, expireInSeconds: 3600 });
    const child = forkTs(fileURLToPath(new URL('./support/claim-and-hang.child.ts', import.meta.url)), [database.url, queue], { stdio: 'inherit' });
    try {
      const claimed = deferred<{ claimed: string; attempt: number }>();
      const ready = deferred();
      child.on('message', (message: { claimed?: string; attempt?: number; ready?: boolean }) => {
        if (message.ready) ready.resolve();
        if (message.claimed) claimed.resolve(message as { claimed: string; attempt: number });
      });
      await ready.promise;
      const id = await survivor.send(queue, { model: 'digits' });
      expect(await claimed.promise).toEqual({ claimed: id, attempt: 1 });
      expect(await survivor.getJob(id as string)).toMatchObject({ state: 'active' });

      child.kill('SIGKILL');
      const rerun = deferred<{ id: string; attempt: number }>();
      await survivor.work(queue, async (job) => rerun.resolve({ id: job.id, attempt: job.attempt }));
      expect(await rerun.promise).toEqual({ id, attempt: 2 });
    } finally {
      child.kill('SIGKILL');
    }
  });
});
