import {
  DEFAULT_PAGE_SIZE,
  isTerminalRunStatus,
  MAX_PAGE_SIZE,
  NEWEST_RUNS_FIRST,
  RUN_STATUSES,
  runStatusesLeadingTo,
  type JsonObject,
  type Page,
  type Run,
  type RunKind,
  type RunListFilter,
  type RunOrder,
  type RunOrderField,
  type RunProgress,
  type RunStatus,
  type RunTestAccuracy,
} from '@hsic/contracts';
import { isPool, type Db } from '../client/transactions.js';
import { IdempotencyKeyReusedError, IllegalRunTransitionError, NotFoundError, type AttemptFence } from '../errors.js';
import { fencedError, ownedRun } from './attempt-fence.js';
import type { Prisma } from '../generated/prisma/client.js';
import { toJsonColumn } from './json-columns.js';
import { isUniqueViolation } from './prisma-errors.js';
import { toRun } from './run-mapper.js';

export interface CreateRunInput {
  readonly kind: RunKind;
  readonly datasetName: string;
  /** A TrainingConfig already validated with the engine's parseTrainingConfig. */
  readonly config: JsonObject;
  readonly preset?: string | null;
  readonly modelName?: string | null;
  /** FORMAT runs: the run whose HSIC-trained nets are post-trained. */
  readonly sourceRunId?: string | null;
  readonly jobId?: string | null;
  /** Who starts it (an API key's name, `schedule <name>`, `first start`). */
  readonly requestedBy?: string | null;
}

export interface IdempotentRunInput extends CreateRunInput {
  /** The caller's key for this request: the same key again gets the same run. */
  readonly idempotencyKey: string;
  /** Identifies the request (e.g. SHA-256 of its arguments and caller): the key with another request is refused. */
  readonly requestHash: string;
}

export interface CreateTickRunInput extends CreateRunInput {
  readonly scheduleId: string;
  readonly scheduledFor: Date;
}

export interface StartRunInput {
  readonly workerId: string;
  readonly backend?: string | null;
  readonly jobId?: string | null;
}

export type CancelOutcome = 'cancelled' | 'requested' | 'already-finished';

export interface HeartbeatResult {
  readonly status: RunStatus;
  /** The worker should stop at its next safe point and confirm with cancel(). */
  readonly cancelRequested: boolean;
  /** The attempt still owns the run (false: another attempt started it, or it ended). */
  readonly owned: boolean;
}

/** The fence of the attempt that holds a RUNNING run now (what a worker gets back from start()). */
export function fenceOf(run: Pick<Run, 'id' | 'status' | 'attempts' | 'workerId'>): AttemptFence {
  if (run.status !== 'RUNNING' || !run.workerId) throw new Error(`run ${run.id} is ${run.status}${run.workerId ? '' : ' without a worker'}: no attempt owns it`);
  return { runId: run.id, workerId: run.workerId, attempt: run.attempts };
}

/** Moves made by the attempt that owns the run carry its fence: refused (AttemptFencedError) once it does not. */
export interface MoveOptions {
  readonly fence?: AttemptFence;
}

/**
 * Checks (and may normalize, e.g. fill defaults) a training config before it is stored; throws on a bad one.
 * The API passes the engine's parseTrainingConfig, so no unvalidated config reaches the database.
 */
export type ConfigValidator = (config: JsonObject) => object;

export const acceptAnyConfig: ConfigValidator = (config) => config;

export class RunsRepository {
  constructor(
    private readonly prisma: Db,
    private readonly validateConfig: ConfigValidator = acceptAnyConfig,
  ) {}

  async create(input: CreateRunInput): Promise<Run> {
    return toRun(await this.prisma.trainingRun.create({ data: this.createData(input) }));
  }

  /**
   * The run stored under the idempotency key, or a new one (`created`). The key used before with another
   * request (another hash) is refused with IdempotencyKeyReusedError.
   */
  async createIdempotent(input: IdempotentRunInput): Promise<{ run: Run; created: boolean }> {
    const existing = await this.findByIdempotencyKey(input.idempotencyKey, input.requestHash);
    if (existing) return { run: existing, created: false };
    try {
      const row = await this.prisma.trainingRun.create({
        data: { ...this.createData(input), idempotencyKey: input.idempotencyKey, requestHash: input.requestHash },
      });
      return { run: toRun(row), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same key, sent twice at once: the other call stored it first.
      const stored = await this.findByIdempotencyKey(input.idempotencyKey, input.requestHash);
      if (!stored) throw error;
      return { run: stored, created: false };
    }
  }

  private async findByIdempotencyKey(key: string, requestHash: string): Promise<Run | null> {
    const row = await this.prisma.trainingRun.findUnique({ where: { idempotencyKey: key } });
    if (!row) return null;
    if (row.requestHash !== requestHash) throw new IdempotencyKeyReusedError(key, row.id);
    return toRun(row);
  }

  /** One run per schedule tick: a second call for the same (scheduleId, scheduledFor) returns the first run. */
  async createForTick(input: CreateTickRunInput): Promise<{ run: Run; created: boolean }> {
    const key = { scheduleId: input.scheduleId, scheduledFor: input.scheduledFor };
    try {
      const row = await this.prisma.trainingRun.create({ data: { ...this.createData(input), ...key } });
      return { run: toRun(row), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const row = await this.prisma.trainingRun.findUniqueOrThrow({ where: { scheduleId_scheduledFor: key } });
      return { run: toRun(row), created: false };
    }
  }

  async get(id: string): Promise<Run | null> {
    const row = await this.prisma.trainingRun.findUnique({ where: { id } });
    return row ? toRun(row) : null;
  }

  async getOrThrow(id: string): Promise<Run> {
    const run = await this.get(id);
    if (!run) throw new NotFoundError('run', id);
    return run;
  }

  /** How many runs match the filter, over all pages. */
  async count(filter: RunListFilter = {}): Promise<number> {
    return this.prisma.trainingRun.count({ where: whereOf(filter) });
  }

  /** Newest first unless `order` says otherwise. `cursor` is the nextCursor of the previous page (same filter and order). */
  /** How many runs are in each status (every status listed, 0 when none). */
  async countByStatus(): Promise<Record<RunStatus, number>> {
    const groups = await this.prisma.trainingRun.groupBy({ by: ['status'], _count: { _all: true } });
    const counts = Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as Record<RunStatus, number>;
    for (const group of groups) counts[group.status] = group._count._all;
    return counts;
  }

  async list(filter: RunListFilter = {}, page: { limit?: number; cursor?: string; order?: RunOrder } = {}): Promise<Page<Run>> {
    const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const rows = await this.prisma.trainingRun.findMany({
      where: whereOf(filter),
      orderBy: orderByOf(page.order ?? NEWEST_RUNS_FIRST),
      take: limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    });
    const items = rows.slice(0, limit).map(toRun);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  async setJobId(id: string, jobId: string): Promise<Run> {
    return toRun(await this.updateOrNotFound(id, { jobId }));
  }

  /**
   * Moves a run along the state machine (RUN_STATUS_TRANSITIONS in @hsic/contracts), atomically: the update
   * only matches while the run is in a status the move is legal from. Otherwise IllegalRunTransitionError.
   */
  async transition(id: string, to: RunStatus, options: { readonly failureReason?: string } = {}): Promise<Run> {
    return this.move(id, to, options.failureReason === undefined ? {} : { failureReason: options.failureReason });
  }

  /** A worker takes the run (first attempt, or again after the previous attempt's worker died). */
  async start(id: string, input: StartRunInput): Promise<Run> {
    const now = new Date();
    // The attempt number is the one this UPDATE wrote (RETURNING): a read after it could see the increment of a
    // start racing this one, and both attempts would then hold the same fence.
    const row = await this.moveRow(id, 'RUNNING', {
      workerId: input.workerId,
      backend: input.backend ?? undefined,
      jobId: input.jobId ?? undefined,
      attempts: { increment: 1 },
      heartbeatAt: now,
      failureReason: null,
    });
    if (row.startedAt !== null) return toRun(row);
    // startedAt is when the run first started; later attempts keep it (a racing start may have set it first).
    const [first] = await this.prisma.trainingRun.updateManyAndReturn({ where: { id, startedAt: null }, data: { startedAt: now }, select: { startedAt: true } });
    const { startedAt } = first ?? (await this.prisma.trainingRun.findUniqueOrThrow({ where: { id }, select: { startedAt: true } }));
    return toRun({ ...row, startedAt });
  }

  /** Accuracies given here are recorded (the others keep what was recorded before). */
  async succeed(id: string, result: { testAccuracy?: RunTestAccuracy } = {}, options: MoveOptions = {}): Promise<Run> {
    return this.move(id, 'SUCCEEDED', accuracyColumns(result.testAccuracy ?? {}), options.fence);
  }

  async fail(id: string, reason: string, options: MoveOptions = {}): Promise<Run> {
    return this.move(id, 'FAILED', { failureReason: reason }, options.fence);
  }

  /** The worker confirms that it stopped a run (or a queued run is dropped). */
  async cancel(id: string, options: MoveOptions = {}): Promise<Run> {
    return this.move(id, 'CANCELLED', { cancelRequested: true }, options.fence);
  }

  /** Hands a running run back to the queue (its attempt failed and the job will be retried). */
  async requeue(id: string, reason?: string, options: MoveOptions = {}): Promise<Run> {
    return this.move(id, 'QUEUED', { failureReason: reason ?? null, workerId: null, queuedAt: new Date() }, options.fence);
  }

  /** Runs QUEUED since before `before`, oldest first: candidates for re-sending their job. */
  async listQueuedSince(before: Date, limit = 200): Promise<Run[]> {
    const rows = await this.prisma.trainingRun.findMany({
      where: { status: 'QUEUED', queuedAt: { lt: before } },
      orderBy: { queuedAt: 'asc' },
      take: limit,
    });
    return rows.map(toRun);
  }

  /**
   * Inside repositories.transaction(): locks the run row until the transaction ends, provided the attempt
   * owns it (else AttemptFencedError). Every write of the transaction then belongs to the owner: another
   * attempt's start waits for the commit, and finds the run as this transaction left it.
   */
  async holdFence(fence: AttemptFence): Promise<void> {
    if (isPool(this.prisma)) throw new Error('holdFence() locks until the transaction ends: call it inside repositories.transaction()');
    const rows = await this.prisma.$queryRaw<{ owned: boolean }[]>`
      SELECT ("status" = 'RUNNING' AND "attempts" = ${fence.attempt} AND "workerId" = ${fence.workerId}) AS "owned"
      FROM "TrainingRun" WHERE "id" = ${fence.runId} FOR NO KEY UPDATE`;
    if (!rows[0]?.owned) throw await fencedError(this.prisma, fence);
  }

  /**
   * A queued run is cancelled at once (no worker holds it); a running one is flagged, and its worker stops
   * and confirms with cancel(). A finished run is left alone.
   */
  async requestCancel(id: string, by: string | null = null): Promise<{ run: Run; outcome: CancelOutcome }> {
    const queued = await this.prisma.trainingRun.updateMany({
      where: { id, status: 'QUEUED' },
      data: { status: 'CANCELLED', cancelRequested: true, cancelledBy: by, finishedAt: new Date() },
    });
    if (queued.count > 0) return { run: await this.getOrThrow(id), outcome: 'cancelled' };
    const running = await this.prisma.trainingRun.updateMany({
      where: { id, status: 'RUNNING' },
      data: { cancelRequested: true, cancelledBy: by },
    });
    return { run: await this.getOrThrow(id), outcome: running.count > 0 ? 'requested' : 'already-finished' };
  }

  /** Marks the run alive while the attempt owns it; the answer tells the worker whether to stop. */
  async heartbeat(fence: AttemptFence): Promise<HeartbeatResult> {
    const { count } = await this.prisma.trainingRun.updateMany({ where: ownedRun(fence), data: { heartbeatAt: new Date() } });
    const row = await this.prisma.trainingRun.findUnique({ where: { id: fence.runId }, select: { status: true, cancelRequested: true } });
    if (!row) throw new NotFoundError('run', fence.runId);
    return { ...row, owned: count > 0 };
  }

  /** After each completed epoch, by the attempt that owns the run; `hsicEpochSeconds` replaces the stored list when given. */
  async recordProgress(fence: AttemptFence, progress: RunProgress, hsicEpochSeconds?: readonly number[]): Promise<void> {
    await this.fencedUpdate(fence, {
      progress: toJsonColumn(progress),
      heartbeatAt: new Date(),
      ...(hsicEpochSeconds ? { hsicEpochSeconds: toJsonColumn([...hsicEpochSeconds]) } : {}),
    });
  }

  /** Merges into the stored accuracies (phases report one at a time), by the attempt that owns the run. */
  async recordTestAccuracy(fence: AttemptFence, accuracy: RunTestAccuracy): Promise<void> {
    await this.fencedUpdate(fence, accuracyColumns(accuracy));
  }

  /** RUNNING runs whose worker has not reported since `before` (dead or stuck). */
  async listStale(before: Date): Promise<Run[]> {
    const rows = await this.prisma.trainingRun.findMany({
      where: { status: 'RUNNING', OR: [{ heartbeatAt: { lt: before } }, { heartbeatAt: null }] },
      orderBy: { heartbeatAt: 'asc' },
    });
    return rows.map(toRun);
  }

  private async move(id: string, to: RunStatus, patch: Prisma.TrainingRunUpdateManyMutationInput, fence?: AttemptFence): Promise<Run> {
    return toRun(await this.moveRow(id, to, patch, fence));
  }

  /** The run as this transition left it (UPDATE … RETURNING), not as a later read would find it. */
  private async moveRow(id: string, to: RunStatus, patch: Prisma.TrainingRunUpdateManyMutationInput, fence?: AttemptFence) {
    if (fence && fence.runId !== id) throw new Error(`the fence of run ${fence.runId} was given for run ${id}`);
    const data: Prisma.TrainingRunUpdateManyMutationInput = { ...patch, status: to };
    if (isTerminalRunStatus(to)) data.finishedAt = new Date();
    const [moved] = await this.prisma.trainingRun.updateManyAndReturn({
      where: fence ? ownedRun(fence) : { id, status: { in: runStatusesLeadingTo(to) } },
      data,
    });
    if (moved) return moved;
    if (fence) throw await fencedError(this.prisma, fence);
    const current = await this.getOrThrow(id);
    throw new IllegalRunTransitionError(id, current.status, to);
  }

  private async fencedUpdate(fence: AttemptFence, data: Prisma.TrainingRunUpdateManyMutationInput): Promise<void> {
    const { count } = await this.prisma.trainingRun.updateMany({ where: ownedRun(fence), data });
    if (count === 0) throw await fencedError(this.prisma, fence);
  }

  private createData(input: CreateRunInput): Prisma.TrainingRunUncheckedCreateInput {
    return {
      kind: input.kind,
      datasetName: input.datasetName,
      config: toJsonColumn(this.validateConfig(input.config)),
      preset: input.preset ?? null,
      modelName: input.modelName ?? null,
      sourceRunId: input.sourceRunId ?? null,
      jobId: input.jobId ?? null,
      requestedBy: input.requestedBy ?? null,
    };
  }

  private async updateOrNotFound(id: string, data: Prisma.TrainingRunUpdateManyMutationInput) {
    const { count } = await this.prisma.trainingRun.updateMany({ where: { id }, data });
    if (count === 0) throw new NotFoundError('run', id);
    return this.prisma.trainingRun.findUniqueOrThrow({ where: { id } });
  }
}

/** Only the accuracies given: an absent one keeps its stored value. */
const accuracyColumns = (accuracy: RunTestAccuracy): Prisma.TrainingRunUpdateManyMutationInput => ({
  formatAccuracy: accuracy.format,
  unformattedAccuracy: accuracy.unformatted,
  backpropAccuracy: accuracy.backprop,
});

const SEARCHED_COLUMNS = ['id', 'datasetName', 'preset', 'modelName', 'workerId', 'backend', 'failureReason'] as const;

/** Prisma passes `contains` to LIKE as is: a searched % or _ must match itself, not anything. */
const escapeLike = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Every word must appear in one of the searched columns (any case). */
function searchOf(search: string | undefined): Prisma.TrainingRunWhereInput[] {
  const words = (search ?? '').split(/\s+/).filter((word) => word.length > 0).map(escapeLike);
  return words.map((word) => ({ OR: SEARCHED_COLUMNS.map((column) => ({ [column]: { contains: word, mode: 'insensitive' } })) }));
}

const whereOf = (filter: RunListFilter): Prisma.TrainingRunWhereInput => ({
  status: filter.status,
  kind: filter.kind,
  datasetName: filter.datasetName,
  modelName: filter.modelName,
  scheduleId: filter.scheduleId,
  workerId: filter.workerId,
  AND: searchOf(filter.search),
});

const ORDER_COLUMNS: Readonly<Record<RunOrderField, keyof Prisma.TrainingRunOrderByWithRelationInput>> = {
  CREATED_AT: 'createdAt',
  STARTED_AT: 'startedAt',
  FINISHED_AT: 'finishedAt',
  STATUS: 'status',
  KIND: 'kind',
  DATASET: 'datasetName',
  FORMAT_ACCURACY: 'formatAccuracy',
  UNFORMATTED_ACCURACY: 'unformattedAccuracy',
  BACKPROP_ACCURACY: 'backpropAccuracy',
};

const NULLABLE_ORDER_FIELDS: ReadonlySet<RunOrderField> = new Set(['STARTED_AT', 'FINISHED_AT', 'FORMAT_ACCURACY', 'UNFORMATTED_ACCURACY', 'BACKPROP_ACCURACY']);

/** The field, then the id in the same direction: a total order, so cursor pages neither skip nor repeat. */
function orderByOf(order: RunOrder): Prisma.TrainingRunOrderByWithRelationInput[] {
  const sort = order.direction === 'ASC' ? 'asc' : 'desc';
  const column = ORDER_COLUMNS[order.field];
  // Prisma takes `nulls` on optional columns only.
  const first = NULLABLE_ORDER_FIELDS.has(order.field) ? { [column]: { sort, nulls: 'last' } } : { [column]: sort };
  return [first, { id: sort }];
}
