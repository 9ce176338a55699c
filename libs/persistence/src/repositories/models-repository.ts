import type { AliasEvent, AliasEventReason, Model, ModelAlias, ModelRef, ModelVersion, ModelVersionKind } from '@hsic/contracts';
import { inTransaction, isPool, type Db } from '../client/transactions.js';
import { NoPreviousVersionError, NotFoundError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { rollbackTarget } from './alias-history.js';
import type { CheckpointsRepository, StoredCheckpoint } from './checkpoints-repository.js';
import {
  ALIAS_INCLUDE,
  EVENT_INCLUDE,
  MODEL_INCLUDE,
  toAliasEvent,
  toModel,
  toModelAlias,
  toModelVersion,
  VERSION_INCLUDE,
} from './model-mappers.js';
import { isUniqueViolation } from './prisma-errors.js';

export interface AddVersionInput {
  readonly modelName: string;
  /** Used when the model does not exist yet. */
  readonly description?: string;
  readonly runId?: string | null;
  readonly checkpointId: string;
  readonly kind: ModelVersionKind;
  readonly testAccuracy: number;
  readonly datasetName: string;
}

export interface ResolvedModel {
  readonly model: Model;
  readonly version: ModelVersion;
  readonly checkpoint: StoredCheckpoint;
}

type Tx = Prisma.TransactionClient;

export class ModelsRepository {
  constructor(
    private readonly prisma: Db,
    private readonly checkpoints: CheckpointsRepository,
  ) {}

  async createOrGet(name: string, description = ''): Promise<Model> {
    try {
      await this.prisma.model.upsert({ where: { name }, create: { name, description }, update: {} });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // created concurrently: fine
    }
    return this.getOrThrow(name);
  }

  async get(name: string): Promise<Model | null> {
    const row = await this.prisma.model.findUnique({ where: { name }, include: MODEL_INCLUDE });
    return row ? toModel(row) : null;
  }

  async getOrThrow(name: string): Promise<Model> {
    const model = await this.get(name);
    if (!model) throw new NotFoundError('model', name);
    return model;
  }

  async list(): Promise<Model[]> {
    return (await this.prisma.model.findMany({ include: MODEL_INCLUDE, orderBy: { name: 'asc' } })).map(toModel);
  }

  /**
   * Registers a checkpoint as the next version (max + 1, under a lock on the model). Registering the same
   * checkpoint again (a retried job) returns the version it already has.
   */
  async addVersion(input: AddVersionInput): Promise<ModelVersion> {
    const model = await this.createOrGet(input.modelName, input.description);
    const row = await inTransaction(this.prisma, async (tx) => {
      await lockModel(tx, model.id);
      const existing = await tx.modelVersion.findUnique({
        where: { modelId_checkpointId: { modelId: model.id, checkpointId: input.checkpointId } },
        include: VERSION_INCLUDE,
      });
      if (existing) return existing;
      const { _max } = await tx.modelVersion.aggregate({ where: { modelId: model.id }, _max: { version: true } });
      return tx.modelVersion.create({
        data: {
          modelId: model.id,
          version: (_max.version ?? 0) + 1,
          runId: input.runId ?? null,
          checkpointId: input.checkpointId,
          kind: input.kind,
          testAccuracy: input.testAccuracy,
          datasetName: input.datasetName,
        },
        include: VERSION_INCLUDE,
      });
    });
    return toModelVersion(row);
  }

  /** Newest first. */
  async listVersions(modelName: string): Promise<ModelVersion[]> {
    const rows = await this.prisma.modelVersion.findMany({
      where: { model: { name: modelName } },
      include: VERSION_INCLUDE,
      orderBy: { version: 'desc' },
    });
    if (rows.length === 0) await this.getOrThrow(modelName); // no versions, or no such model
    return rows.map(toModelVersion);
  }

  async getVersion(modelName: string, version: number): Promise<ModelVersion | null> {
    const row = await this.prisma.modelVersion.findFirst({
      where: { model: { name: modelName }, version },
      include: VERSION_INCLUDE,
    });
    return row ? toModelVersion(row) : null;
  }

  async getVersionById(id: string): Promise<ModelVersion | null> {
    const row = await this.prisma.modelVersion.findUnique({ where: { id }, include: VERSION_INCLUDE });
    return row ? toModelVersion(row) : null;
  }

  /** Every alias of the model, by name (none for a model that does not exist). */
  async listAliases(modelName: string): Promise<ModelAlias[]> {
    const rows = await this.prisma.modelAlias.findMany({ where: { model: { name: modelName } }, include: ALIAS_INCLUDE, orderBy: { alias: 'asc' } });
    return rows.map(toModelAlias);
  }

  async getAlias(modelName: string, alias: string): Promise<ModelAlias | null> {
    const row = await this.prisma.modelAlias.findFirst({ where: { model: { name: modelName }, alias }, include: ALIAS_INCLUDE });
    return row ? toModelAlias(row) : null;
  }

  /**
   * Points `alias` at `version`, recording the move in the alias history ('promote' by hand, 'schedule' by a
   * schedule). Pointing it where it already points changes nothing and records nothing.
   */
  async setAlias(
    modelName: string,
    alias: string,
    version: number,
    reason: Exclude<AliasEventReason, 'rollback'> = 'promote',
    actor: string | null = null,
  ): Promise<ModelAlias> {
    const row = await inTransaction(this.prisma, async (tx) => {
      const modelId = await this.lockedModelId(tx, modelName);
      const target = await tx.modelVersion.findUnique({ where: { modelId_version: { modelId, version } } });
      if (!target) throw new NotFoundError('model version', `${modelName}@${version}`);
      return moveAlias(tx, modelId, alias, target.id, reason, actor);
    });
    return toModelAlias(row);
  }

  /**
   * Inside repositories.transaction(): takes the lock that version numbering and every alias move take (until
   * the transaction ends), so what the caller reads of the model's aliases stays true until it commits.
   */
  async lock(modelName: string): Promise<void> {
    if (isPool(this.prisma)) throw new Error('lock() holds until the transaction ends: call it inside repositories.transaction()');
    await this.lockedModelId(this.prisma, modelName);
  }

  /** Moves `alias` back to the version it pointed to before its current one (see alias-history.ts). */
  async rollbackAlias(modelName: string, alias: string, actor: string | null = null): Promise<ModelAlias> {
    const row = await inTransaction(this.prisma, async (tx) => {
      const modelId = await this.lockedModelId(tx, modelName);
      const moves = await tx.aliasEvent.findMany({ where: { modelId, alias }, orderBy: { id: 'asc' } });
      if (moves.length === 0) throw new NotFoundError('alias', `${modelName}@${alias}`);
      const target = rollbackTarget(moves.map((m) => ({ ...m, reason: m.reason as AliasEventReason })));
      if (!target) throw new NoPreviousVersionError(modelName, alias);
      return moveAlias(tx, modelId, alias, target, 'rollback', actor);
    });
    return toModelAlias(row);
  }

  /** Oldest first; all aliases of the model unless one is named. */
  async aliasHistory(modelName: string, alias?: string): Promise<AliasEvent[]> {
    const rows = await this.prisma.aliasEvent.findMany({
      where: { model: { name: modelName }, alias },
      include: EVENT_INCLUDE,
      orderBy: { id: 'asc' },
    });
    return rows.map(toAliasEvent);
  }

  /** {name} → latest version; {name, version}; {name, alias}. With the verified checkpoint bytes. */
  async resolve(ref: ModelRef): Promise<ResolvedModel> {
    const model = await this.getOrThrow(ref.name);
    const version = await this.resolveVersion(model, ref);
    return { model, version, checkpoint: await this.checkpoints.read(version.checkpointId) };
  }

  private async resolveVersion(model: Model, ref: ModelRef): Promise<ModelVersion> {
    if (ref.alias !== undefined) {
      const alias = await this.getAlias(model.name, ref.alias);
      if (!alias) throw new NotFoundError('alias', `${model.name}@${ref.alias}`);
      return (await this.getVersionById(alias.versionId)) as ModelVersion;
    }
    const number = ref.version ?? model.latestVersion;
    const version = number === null ? null : await this.getVersion(model.name, number);
    if (!version) throw new NotFoundError('model version', `${model.name}@${number ?? 'latest'}`);
    return version;
  }

  private async lockedModelId(tx: Tx, modelName: string): Promise<string> {
    const model = await tx.model.findUnique({ where: { name: modelName }, select: { id: true } });
    if (!model) throw new NotFoundError('model', modelName);
    await lockModel(tx, model.id);
    return model.id;
  }
}

/** Serializes version numbering and alias moves per model (row lock until the transaction ends). */
async function lockModel(tx: Tx, modelId: string): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "Model" WHERE "id" = ${modelId} FOR UPDATE`;
}

async function moveAlias(tx: Tx, modelId: string, alias: string, versionId: string, reason: AliasEventReason, actor: string | null) {
  const current = await tx.modelAlias.findUnique({ where: { modelId_alias: { modelId, alias } } });
  if (current?.versionId !== versionId) {
    await tx.modelAlias.upsert({
      where: { modelId_alias: { modelId, alias } },
      create: { modelId, alias, versionId },
      update: { versionId },
    });
    await tx.aliasEvent.create({
      data: { modelId, alias, fromVersionId: current?.versionId ?? null, toVersionId: versionId, reason, actor },
    });
  }
  return tx.modelAlias.findUniqueOrThrow({ where: { modelId_alias: { modelId, alias } }, include: ALIAS_INCLUDE });
}
