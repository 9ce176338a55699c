// Writes fenced by ownership: an attempt's writes land only while it owns its run, and a new attempt's
// start cannot interleave with a fenced transaction. Plus the transactions the fence is built on.
import { AlreadyExistsError, AttemptFencedError, fenceOf, IdempotencyKeyReusedError, NotFoundError, type AttemptFence } from '../src/index.js';
import { aBatchPoint, aDataset, aRunInput, someBytes } from './builders.test-util.js';
import type { GetContext } from './suite-context.test-util.js';

export function describeFencing(context: GetContext): void {
  describe('fenced attempts, transactions, idempotent runs', () => {
    let datasetName: string;
    beforeAll(async () => {
      [{ name: datasetName }] = await context().repos.datasets.upsertMany([aDataset()]);
    });

    /** A run two workers started one after the other: the first one's fence is stale. */
    const takenOver = async (): Promise<{ runId: string; stale: AttemptFence; owner: AttemptFence }> => {
      const { runs } = context().repos;
      const { id } = await runs.create(aRunInput(datasetName));
      const stale = fenceOf(await runs.start(id, { workerId: 'worker-a' }));
      const owner = fenceOf(await runs.start(id, { workerId: 'worker-b' }));
      return { runId: id, stale, owner };
    };

    it('gives starts that race each its own attempt: never two holders of one fence', async () => {
      const { runs } = context().repos;
      for (let round = 0; round < 5; round++) {
        const { id } = await runs.create(aRunInput(datasetName));
        const started = await Promise.all(['a', 'b', 'c', 'd'].map((worker) => runs.start(id, { workerId: `racer-${worker}` })));
        expect(started.map((run) => run.attempts).sort()).toEqual([1, 2, 3, 4]);
        expect(started.every((run) => run.startedAt !== null && run.status === 'RUNNING')).toBe(true);
        expect(new Set(started.map((run) => run.startedAt?.getTime())).size).toBe(1); // the first start's, kept
      }
    });

    it("refuses every write of an attempt once another attempt has started the run, and keeps the owner's", async () => {
      const { repos } = context();
      const { runId, stale, owner } = await takenOver();
      const progress = { phase: 'hsic', net: 0, epoch: 1 } as const;

      const refused = [
        repos.metrics.upsertMany(runId, [aBatchPoint('hsic', 1, 0, 0)], { fence: stale }),
        repos.runs.recordProgress(stale, progress),
        repos.runs.recordTestAccuracy(stale, { format: 0.5 }),
        repos.transaction(async (tx) => {
          await tx.runs.holdFence(stale);
          await tx.checkpoints.saveSnapshot(runId, progress, { hsic: someBytes(64) });
        }),
        repos.runs.succeed(runId, {}, { fence: stale }),
        repos.runs.fail(runId, 'stale', { fence: stale }),
        repos.runs.requeue(runId, 'stale', { fence: stale }),
        repos.runs.cancel(runId, { fence: stale }),
      ];
      for (const write of refused) await expect(write).rejects.toBeInstanceOf(AttemptFencedError);
      await expect(repos.runs.recordProgress(stale, progress)).rejects.toThrow(
        `run ${runId}: attempt 1 (worker worker-a) no longer owns it; it is RUNNING, attempt 2 of worker worker-b`,
      );
      expect(await repos.runs.heartbeat(stale)).toMatchObject({ owned: false });
      expect(await repos.metrics.query(runId)).toEqual([]);
      expect(await repos.checkpoints.listForRun(runId)).toEqual([]);
      expect(await repos.runs.getOrThrow(runId)).toMatchObject({ status: 'RUNNING', progress: null, testAccuracy: null, attempts: 2 });

      await repos.metrics.upsertMany(runId, [aBatchPoint('hsic', 1, 0, 0)], { fence: owner });
      await repos.transaction(async (tx) => {
        await tx.runs.holdFence(owner);
        await tx.checkpoints.saveSnapshot(runId, progress, { hsic: someBytes(64) });
        await tx.runs.recordProgress(owner, progress);
      });
      expect(await repos.runs.heartbeat(owner)).toMatchObject({ owned: true });
      expect(await repos.runs.succeed(runId, {}, { fence: owner })).toMatchObject({ status: 'SUCCEEDED', progress });
      expect(await repos.metrics.query(runId)).toHaveLength(1);
      // Ended: no attempt owns it any more.
      await expect(repos.metrics.upsertMany(runId, [aBatchPoint('hsic', 1, 1, 0)], { fence: owner })).rejects.toBeInstanceOf(AttemptFencedError);
    });

    it("makes another attempt's start wait for a fenced transaction, which commits whole", async () => {
      const { repos } = context();
      const { id } = await repos.runs.create(aRunInput(datasetName));
      const fence = fenceOf(await repos.runs.start(id, { workerId: 'worker-a' }));
      let takeover: Promise<unknown> = Promise.resolve();
      await repos.transaction(async (tx) => {
        await tx.runs.holdFence(fence);
        let settled = false;
        takeover = repos.runs.start(id, { workerId: 'worker-b' }).finally(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 300)); // time enough for the takeover, were it not held
        expect(settled).toBe(false);
        await tx.checkpoints.saveSnapshot(id, { phase: 'hsic', net: 0, epoch: 2 }, { hsic: someBytes(32) });
        await tx.runs.recordProgress(fence, { phase: 'hsic', net: 0, epoch: 2 });
      });
      await takeover;
      const run = await repos.runs.getOrThrow(id);
      expect(run).toMatchObject({ attempts: 2, workerId: 'worker-b', progress: { phase: 'hsic', net: 0, epoch: 2 } });
      expect((await repos.checkpoints.latestSnapshot(id))?.progress).toEqual({ phase: 'hsic', net: 0, epoch: 2 });
    });

    it('rolls a transaction back whole when it fails, and refuses a fence or a lock outside one', async () => {
      const { repos } = context();
      const { id } = await repos.runs.create(aRunInput(datasetName));
      const fence = fenceOf(await repos.runs.start(id, { workerId: 'worker-a' }));
      await expect(
        repos.transaction(async (tx) => {
          await tx.runs.holdFence(fence);
          await tx.checkpoints.saveSnapshot(id, { phase: 'hsic', net: 0, epoch: 1 }, { hsic: someBytes(32) });
          await tx.runs.recordProgress(fence, { phase: 'hsic', net: 0, epoch: 1 });
          await tx.models.lock('no-such-model');
        }),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(await repos.checkpoints.listForRun(id)).toEqual([]);
      expect((await repos.runs.getOrThrow(id)).progress).toBeNull();
      await expect(repos.runs.holdFence(fence)).rejects.toThrow(/inside repositories.transaction/);
      await expect(repos.models.lock('any')).rejects.toThrow(/inside repositories.transaction/);
    });

    it('writes a finished model once: a second write is refused, and so is changing its row in the database', async () => {
      const { repos, db } = context();
      const { id } = await repos.runs.create(aRunInput(datasetName));
      const final = await repos.checkpoints.saveFinal({ runId: id, role: 'hsic', phase: 'format', bytes: someBytes(100, 1) });
      await expect(repos.checkpoints.saveFinal({ runId: id, role: 'hsic', phase: 'format', bytes: someBytes(100, 2) })).rejects.toBeInstanceOf(AlreadyExistsError);
      await expect(db.prisma.$executeRaw`UPDATE "Checkpoint" SET "sha256" = 'forged' WHERE "id" = ${final.id}`).rejects.toThrow(/is a finished model: it cannot be changed/);
      expect((await repos.checkpoints.read(final.id)).meta).toEqual(final);
      // Snapshots stay replaceable (a retried epoch).
      const key = { runId: id, role: 'hsic', phase: 'hsic', net: 0, epoch: 1, final: false } as const;
      await repos.checkpoints.save({ ...key, bytes: someBytes(10, 1) });
      expect((await repos.checkpoints.save({ ...key, bytes: someBytes(10, 2) })).sizeBytes).toBe(10);
    });

    it('starts one run per idempotency key, and refuses the key with another request', async () => {
      const { runs } = context().repos;
      const key = `retry-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const input = { ...aRunInput(datasetName), idempotencyKey: key, requestHash: 'hash-1' };
      const [first, again] = await Promise.all([runs.createIdempotent(input), runs.createIdempotent(input)]);
      expect([first.created, again.created].sort()).toEqual([false, true]);
      expect(again.run.id).toBe(first.run.id);
      expect((await runs.createIdempotent(input)).run.id).toBe(first.run.id);
      const reused = runs.createIdempotent({ ...input, requestHash: 'hash-2' });
      await expect(reused).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      await expect(reused).rejects.toThrow(`the idempotency key '${key}' was used for a different request (run ${first.run.id})`);
    });

    it('lists runs queued since before a time, counting a hand-back as queued anew', async () => {
      const { runs } = context().repos;
      const { id } = await runs.create(aRunInput(datasetName));
      const future = new Date(Date.now() + 60_000);
      expect((await runs.listQueuedSince(future, 10_000)).map((r) => r.id)).toContain(id);
      const fence = fenceOf(await runs.start(id, { workerId: 'w' }));
      expect((await runs.listQueuedSince(future, 10_000)).map((r) => r.id)).not.toContain(id);
      const handedBack = new Date();
      await runs.requeue(id, 'worker shut down', { fence });
      expect((await runs.listQueuedSince(handedBack, 10_000)).map((r) => r.id)).not.toContain(id);
      expect((await runs.listQueuedSince(future, 10_000)).map((r) => r.id)).toContain(id);
    });
  });
}
