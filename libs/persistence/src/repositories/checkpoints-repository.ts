import { createHash } from 'node:crypto';
import {
  checkpointMetaSchema,
  FINAL_CHECKPOINT_EPOCH,
  type CheckpointMeta,
  type CheckpointRole,
  type RunProgress,
  type TrainingPhase,
} from '@hsic/contracts';
import { inTransaction, type Db } from '../client/transactions.js';
import { isUniqueViolation } from './prisma-errors.js';
import { AlreadyExistsError, ChecksumMismatchError, NotFoundError } from '../errors.js';
import type { Checkpoint as CheckpointRow, Prisma } from '../generated/prisma/client.js';
import type { CheckpointBlobStore } from './checkpoint-store.js';

export interface SaveCheckpointInput {
  readonly runId: string | null;
  readonly role: CheckpointRole;
  readonly phase: TrainingPhase;
  readonly net: number;
  readonly epoch: number;
  readonly final: boolean;
  readonly bytes: Uint8Array;
}

export interface StoredCheckpoint {
  readonly meta: CheckpointMeta;
  /** Verified against the recorded sha256. */
  readonly bytes: Uint8Array;
}

/** The newest complete snapshot of a run: every model saved at one progress point. */
export interface RunSnapshot {
  readonly progress: RunProgress;
  readonly hsic?: Uint8Array;
  readonly backprop?: Uint8Array;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const META_FIELDS = {
  id: true, runId: true, role: true, phase: true, net: true, epoch: true, final: true,
  storageUri: true, sizeBytes: true, sha256: true, createdAt: true,
} as const;

interface PreparedCheckpoint {
  readonly key: { runId: string | null; role: CheckpointRole; phase: TrainingPhase; net: number; epoch: number };
  readonly content: { final: boolean; bytes: Uint8Array<ArrayBuffer> | null; storageUri: string | null; sizeBytes: number; sha256: string };
}

const toMeta = (row: Omit<CheckpointRow, 'bytes'>): CheckpointMeta => checkpointMetaSchema.parse(row);

export class CheckpointsRepository {
  /** Without a blob store, bytes are stored inline in the database. */
  constructor(
    private readonly prisma: Db,
    private readonly blobStore?: CheckpointBlobStore,
  ) {}

  /**
   * Saves one checkpoint. Saving a snapshot's (run, role, phase, net, epoch) again replaces it (a retried
   * epoch); a finished model is written once and never changes (AlreadyExistsError: model versions point at it).
   */
  async save(input: SaveCheckpointInput): Promise<CheckpointMeta> {
    return toMeta(await this.write(this.prisma, await this.prepare(input)));
  }

  /**
   * Saves every model of one per-epoch snapshot together (one transaction, or the caller's), so a resume never
   * finds the HSIC model of one epoch next to the backprop model of another.
   */
  async saveSnapshot(
    runId: string,
    progress: RunProgress,
    models: { readonly hsic?: Uint8Array; readonly backprop?: Uint8Array },
  ): Promise<CheckpointMeta[]> {
    const roles = (['hsic', 'backprop'] as const).filter((role) => models[role] !== undefined);
    const prepared = await Promise.all(
      roles.map((role) => this.prepare({ runId, role, ...progress, final: false, bytes: models[role] as Uint8Array })),
    );
    return inTransaction(this.prisma, async (tx) => {
      const saved: CheckpointMeta[] = [];
      for (const checkpoint of prepared) saved.push(toMeta(await this.write(tx, checkpoint)));
      return saved;
    });
  }

  /** A finished model (what a ModelVersion points at): final = true, epoch −1. */
  async saveFinal(input: {
    readonly runId: string | null;
    readonly role: CheckpointRole;
    readonly phase: TrainingPhase;
    readonly bytes: Uint8Array;
  }): Promise<CheckpointMeta> {
    return this.save({ ...input, net: 0, epoch: FINAL_CHECKPOINT_EPOCH, final: true });
  }

  async getMeta(id: string): Promise<CheckpointMeta | null> {
    const row = await this.prisma.checkpoint.findUnique({ where: { id }, select: META_FIELDS });
    return row ? toMeta(row) : null;
  }

  /** The checkpoint and its bytes; ChecksumMismatchError when the bytes do not match the recorded sha256. */
  async read(id: string): Promise<StoredCheckpoint> {
    const row = await this.prisma.checkpoint.findUnique({ where: { id } });
    if (!row) throw new NotFoundError('checkpoint', id);
    return { meta: toMeta(row), bytes: await this.verifiedBytes(row) };
  }

  async listForRun(runId: string): Promise<CheckpointMeta[]> {
    const rows = await this.prisma.checkpoint.findMany({
      where: { runId },
      select: META_FIELDS,
      orderBy: [{ final: 'asc' }, { phase: 'asc' }, { net: 'asc' }, { epoch: 'asc' }, { role: 'asc' }],
    });
    return rows.map(toMeta);
  }

  /** The finished model of a run for a role (what model versions point at), or null. */
  async findFinal(runId: string, role: CheckpointRole): Promise<CheckpointMeta | null> {
    const row = await this.prisma.checkpoint.findFirst({ where: { runId, role, final: true }, select: META_FIELDS });
    return row ? toMeta(row) : null;
  }

  /** The furthest progress point (phase order, then net, then epoch) with its models, or null. */
  async latestSnapshot(runId: string): Promise<RunSnapshot | null> {
    const latest = await this.prisma.checkpoint.findFirst({
      where: { runId, final: false },
      select: { phase: true, net: true, epoch: true },
      orderBy: [{ phase: 'desc' }, { net: 'desc' }, { epoch: 'desc' }],
    });
    if (!latest) return null;
    const rows = await this.prisma.checkpoint.findMany({ where: { runId, final: false, ...latest } });
    const snapshot: { progress: RunProgress; hsic?: Uint8Array; backprop?: Uint8Array } = { progress: latest };
    for (const row of rows) snapshot[row.role as CheckpointRole] = await this.verifiedBytes(row);
    return snapshot;
  }

  /**
   * Deletes a run's snapshots except the newest `keepLatest` progress points; finished models and anything
   * a model version points at are kept. Returns how many checkpoints were deleted.
   */
  async pruneSnapshots(runId: string, keepLatest = 1): Promise<number> {
    const points = await this.prisma.checkpoint.findMany({
      where: { runId, final: false },
      select: { phase: true, net: true, epoch: true },
      distinct: ['phase', 'net', 'epoch'],
      orderBy: [{ phase: 'desc' }, { net: 'desc' }, { epoch: 'desc' }],
    });
    const doomed = points.slice(Math.max(keepLatest, 0));
    if (doomed.length === 0) return 0;
    const where: Prisma.CheckpointWhereInput = { runId, final: false, modelVersions: { none: {} }, OR: doomed };
    const uris = this.blobStore
      ? (await this.prisma.checkpoint.findMany({ where, select: { storageUri: true } })).map((row) => row.storageUri)
      : [];
    const { count } = await this.prisma.checkpoint.deleteMany({ where });
    for (const uri of uris) if (uri) await this.blobStore?.delete(uri);
    return count;
  }

  /** Hashes the bytes and, with a blob store, stores them; the row is written by upsertQuery. */
  private async prepare(input: SaveCheckpointInput): Promise<PreparedCheckpoint> {
    const sha256 = sha256Hex(input.bytes);
    const key = { runId: input.runId, role: input.role, phase: input.phase, net: input.net, epoch: input.epoch };
    const storageUri = this.blobStore
      ? await this.blobStore.put(
          `${input.runId ?? 'no-run'}/${input.role}-${input.phase}-${input.net}-${input.epoch}-${sha256.slice(0, 16)}.ckpt`,
          input.bytes,
        )
      : null;
    const content = {
      final: input.final,
      bytes: storageUri ? null : new Uint8Array(input.bytes),
      storageUri,
      sizeBytes: input.bytes.byteLength,
      sha256,
    };
    return { key, content };
  }

  private async write(db: Db, { key, content }: PreparedCheckpoint) {
    const { runId } = key;
    // A checkpoint without a run has no natural key (NULL never conflicts): always a new row.
    if (runId === null) return db.checkpoint.create({ data: { ...key, ...content }, select: META_FIELDS });
    if (content.final) {
      try {
        return await db.checkpoint.create({ data: { ...key, ...content }, select: META_FIELDS });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError('finished model checkpoint', `${runId} ${key.role}`);
        throw error;
      }
    }
    return db.checkpoint.upsert({
      where: { runId_role_phase_net_epoch: { ...key, runId } },
      create: { ...key, ...content },
      update: { ...content, createdAt: new Date() },
      select: META_FIELDS,
    });
  }

  private async verifiedBytes(row: CheckpointRow): Promise<Uint8Array> {
    const bytes = row.bytes ?? (row.storageUri && this.blobStore ? await this.blobStore.get(row.storageUri) : null);
    if (!bytes) throw new Error(`checkpoint ${row.id} has no bytes here (stored at ${row.storageUri ?? 'nowhere'})`);
    const actual = sha256Hex(bytes);
    if (actual !== row.sha256) throw new ChecksumMismatchError(row.id, row.sha256, actual);
    return bytes;
  }
}
