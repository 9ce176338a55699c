import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ChecksumMismatchError,
  CheckpointsRepository,
  FileCheckpointStore,
  NotFoundError,
  sha256Hex,
} from '../src/index.js';
import { aDataset, aRunInput, someBytes } from './builders.test-util.js';
import type { GetContext } from './suite-context.test-util.js';

export function describeCheckpoints(context: GetContext): void {
  describe('checkpoints repository', () => {
    let datasetName: string;
    const newRun = async () => (await context().repos.runs.create(aRunInput(datasetName))).id;
    beforeAll(async () => {
      [{ name: datasetName }] = await context().repos.datasets.upsertMany([aDataset()]);
    });

    it('stores bytes inline with their size and sha256, and reads them back verified', async () => {
      const { checkpoints } = context().repos;
      const runId = await newRun();
      const bytes = someBytes(300_000, 7);
      const meta = await checkpoints.saveFinal({ runId, role: 'hsic', phase: 'format', bytes });
      expect(meta).toMatchObject({ runId, final: true, epoch: -1, net: 0, sizeBytes: 300_000, sha256: sha256Hex(bytes), storageUri: null });
      const read = await checkpoints.read(meta.id);
      expect(read.meta).toEqual(meta);
      expect(Buffer.from(read.bytes).equals(Buffer.from(bytes))).toBe(true);
    });

    it('refuses bytes that no longer match their checksum', async () => {
      const { checkpoints } = context().repos;
      const { db } = context();
      const runId = await newRun();
      const meta = await checkpoints.save({ runId, role: 'hsic', phase: 'hsic', net: 0, epoch: 1, final: false, bytes: someBytes(1000) });
      // Flip one byte behind the repository's back.
      await db.prisma.$executeRaw`UPDATE "Checkpoint" SET "bytes" = overlay("bytes" placing '\\xff'::bytea from 10 for 1) WHERE "id" = ${meta.id}`;
      const read = checkpoints.read(meta.id);
      await expect(read).rejects.toBeInstanceOf(ChecksumMismatchError);
      await expect(read).rejects.toMatchObject({ checkpointId: meta.id, expected: meta.sha256 });
      await expect(checkpoints.latestSnapshot(runId)).rejects.toBeInstanceOf(ChecksumMismatchError);
    });

    it('replaces a checkpoint saved again under the same key (a retried epoch)', async () => {
      const { checkpoints } = context().repos;
      const runId = await newRun();
      const key = { runId, role: 'hsic', phase: 'hsic', net: 0, epoch: 1, final: false } as const;
      await checkpoints.save({ ...key, bytes: someBytes(100, 1) });
      const again = await checkpoints.save({ ...key, bytes: someBytes(120, 2) });
      const all = await checkpoints.listForRun(runId);
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ id: again.id, sizeBytes: 120 });
    });

    it("finds a run's finished model by role, and no snapshot in its place", async () => {
      const { checkpoints } = context().repos;
      const runId = await newRun();
      await checkpoints.save({ runId, role: 'hsic', phase: 'format', net: 0, epoch: 3, final: false, bytes: someBytes(50, 1) });
      expect(await checkpoints.findFinal(runId, 'hsic')).toBeNull();
      const final = await checkpoints.save({ runId, role: 'hsic', phase: 'format', net: 0, epoch: -1, final: true, bytes: someBytes(60, 2) });
      expect(await checkpoints.findFinal(runId, 'hsic')).toEqual(final);
      expect(await checkpoints.findFinal(runId, 'backprop')).toBeNull();
    });

    it('returns the furthest snapshot of a run with all its models, in pipeline order', async () => {
      const { checkpoints } = context().repos;
      const runId = await newRun();
      expect(await checkpoints.latestSnapshot(runId)).toBeNull();
      await checkpoints.saveSnapshot(runId, { phase: 'hsic', net: 0, epoch: 5 }, { hsic: someBytes(50, 1) });
      await checkpoints.saveSnapshot(runId, { phase: 'backprop', net: 0, epoch: 1 }, { hsic: someBytes(50, 2), backprop: someBytes(60, 3) });
      await checkpoints.saveSnapshot(runId, { phase: 'format', net: 0, epoch: 9 }, { hsic: someBytes(50, 4) });
      await checkpoints.saveFinal({ runId, role: 'backprop', phase: 'backprop', bytes: someBytes(70, 5) });

      const latest = await checkpoints.latestSnapshot(runId);
      expect(latest?.progress).toEqual({ phase: 'backprop', net: 0, epoch: 1 });
      expect(Buffer.from(latest?.hsic ?? []).equals(Buffer.from(someBytes(50, 2)))).toBe(true);
      expect(Buffer.from(latest?.backprop ?? []).equals(Buffer.from(someBytes(60, 3)))).toBe(true);
    });

    it('prunes old snapshots but keeps the newest, finished models and registered versions', async () => {
      const { repos } = context();
      const runId = await newRun();
      const [registered] = await repos.checkpoints.saveSnapshot(runId, { phase: 'hsic', net: 0, epoch: 1 }, { hsic: someBytes(10, 1) });
      await repos.models.addVersion({
        modelName: `pinned-${runId}`, checkpointId: registered.id, kind: 'unformatted', testAccuracy: 0.5, datasetName, runId,
      });
      for (const epoch of [2, 3, 4]) await repos.checkpoints.saveSnapshot(runId, { phase: 'hsic', net: 0, epoch }, { hsic: someBytes(10, epoch) });
      await repos.checkpoints.saveFinal({ runId, role: 'hsic', phase: 'hsic', bytes: someBytes(10, 9) });

      expect(await repos.checkpoints.pruneSnapshots(runId, 1)).toBe(2);
      const left = await repos.checkpoints.listForRun(runId);
      expect(left.map((c) => [c.epoch, c.final])).toEqual([[1, false], [4, false], [-1, true]]);
    });

    it('can keep bytes in a blob store, recording only the location, and still verifies them', async () => {
      const { db } = context();
      const folder = await mkdtemp(path.join(tmpdir(), 'hsic-checkpoints-'));
      try {
        const store = new CheckpointsRepository(db.prisma, new FileCheckpointStore(folder));
        const runId = await newRun();
        const bytes = someBytes(5000, 3);
        const meta = await store.saveFinal({ runId, role: 'backprop', phase: 'backprop', bytes });
        expect(meta.storageUri).toMatch(/^file:\/\//);
        const row = await db.prisma.checkpoint.findUniqueOrThrow({ where: { id: meta.id } });
        expect(row.bytes).toBeNull();
        expect(Buffer.from((await store.read(meta.id)).bytes).equals(Buffer.from(bytes))).toBe(true);

        await writeFile(fileURLToPath(meta.storageUri as string), someBytes(5000, 4));
        await expect(store.read(meta.id)).rejects.toBeInstanceOf(ChecksumMismatchError);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });

    it('reports an unknown checkpoint as not found', async () => {
      await expect(context().repos.checkpoints.read('no-such-checkpoint')).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
