import {
  createScheduleInputSchema,
  jsonObjectSchema,
  scheduleDecisionSchema,
  scheduleSchema,
  updateScheduleInputSchema,
  type CreateScheduleInput,
  type Schedule,
  type ScheduleDecision,
  type UpdateScheduleInput,
} from '@hsic/contracts';
import type { Db } from '../client/transactions.js';
import { AlreadyExistsError, NotFoundError } from '../errors.js';
import type { Schedule as ScheduleRow } from '../generated/prisma/client.js';
import { fromJsonColumn, toJsonColumn } from './json-columns.js';
import { isUniqueViolation } from './prisma-errors.js';
import { acceptAnyConfig, type ConfigValidator } from './runs-repository.js';

export interface RecordDecisionInput {
  readonly scheduleId: string;
  readonly tickAt: Date;
  readonly runId?: string | null;
  readonly candidateVersionId?: string | null;
  readonly candidateAccuracy?: number | null;
  readonly currentVersionId?: string | null;
  readonly currentAccuracy?: number | null;
  readonly promoted: boolean;
  readonly reason: string;
}

const toSchedule = (row: ScheduleRow): Schedule =>
  scheduleSchema.parse({ ...row, config: fromJsonColumn(jsonObjectSchema, row.config, `config of schedule ${row.name}`) });

export class SchedulesRepository {
  constructor(
    private readonly prisma: Db,
    private readonly validateConfig: ConfigValidator = acceptAnyConfig,
  ) {}

  /** AlreadyExistsError when the name is taken. Cron syntax and config are checked by the caller. */
  async create(input: CreateScheduleInput): Promise<Schedule> {
    const { actor, ...data } = createScheduleInputSchema.parse(input);
    try {
      const config = toJsonColumn(this.validateConfig(data.config));
      return toSchedule(await this.prisma.schedule.create({ data: { ...data, config, createdBy: actor ?? null } }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError('schedule', data.name);
      throw error;
    }
  }

  async get(id: string): Promise<Schedule | null> {
    const row = await this.prisma.schedule.findUnique({ where: { id } });
    return row ? toSchedule(row) : null;
  }

  async getByName(name: string): Promise<Schedule | null> {
    const row = await this.prisma.schedule.findUnique({ where: { name } });
    return row ? toSchedule(row) : null;
  }

  async list(filter: { readonly enabled?: boolean } = {}): Promise<Schedule[]> {
    const rows = await this.prisma.schedule.findMany({ where: { enabled: filter.enabled }, orderBy: { name: 'asc' } });
    return rows.map(toSchedule);
  }

  async update(id: string, patch: UpdateScheduleInput): Promise<Schedule> {
    const { config, actor, ...rest } = updateScheduleInputSchema.parse(patch);
    const { count } = await this.prisma.schedule.updateMany({
      where: { id },
      data: { ...rest, ...(actor !== undefined ? { updatedBy: actor } : {}), ...(config ? { config: toJsonColumn(this.validateConfig(config)) } : {}) },
    });
    if (count === 0) throw new NotFoundError('schedule', id);
    return (await this.get(id)) as Schedule;
  }

  /** Deletes the schedule and its decisions; its runs stay (their scheduleId becomes null). */
  async delete(id: string): Promise<void> {
    const { count } = await this.prisma.schedule.deleteMany({ where: { id } });
    if (count === 0) throw new NotFoundError('schedule', id);
  }

  /** Records that a tick fired; never moves lastFiredAt backwards (ticks may be handled out of order). */
  async markFired(id: string, at: Date): Promise<void> {
    await this.prisma.schedule.updateMany({
      where: { id, OR: [{ lastFiredAt: null }, { lastFiredAt: { lt: at } }] },
      data: { lastFiredAt: at },
    });
  }

  /**
   * One decision per (schedule, tick): the first write wins and later ones (a retried job) get it back with
   * created = false, so a tick can never promote twice.
   */
  async recordDecision(input: RecordDecisionInput): Promise<{ decision: ScheduleDecision; created: boolean }> {
    const key = { scheduleId: input.scheduleId, tickAt: input.tickAt };
    // ON CONFLICT DO NOTHING rather than catching the unique violation: this also runs inside a run's final
    // transaction, which an error would abort.
    const { count } = await this.prisma.scheduleDecision.createMany({
      data: {
        ...key,
        runId: input.runId ?? null,
        candidateVersionId: input.candidateVersionId ?? null,
        candidateAccuracy: input.candidateAccuracy ?? null,
        currentVersionId: input.currentVersionId ?? null,
        currentAccuracy: input.currentAccuracy ?? null,
        promoted: input.promoted,
        reason: input.reason,
      },
      skipDuplicates: true,
    });
    const row = await this.prisma.scheduleDecision.findUniqueOrThrow({ where: { scheduleId_tickAt: key } });
    return { decision: scheduleDecisionSchema.parse(row), created: count > 0 };
  }

  async getDecision(scheduleId: string, tickAt: Date): Promise<ScheduleDecision | null> {
    const row = await this.prisma.scheduleDecision.findUnique({ where: { scheduleId_tickAt: { scheduleId, tickAt } } });
    return row ? scheduleDecisionSchema.parse(row) : null;
  }

  /** Newest tick first. */
  async listDecisions(scheduleId: string, options: { readonly limit?: number } = {}): Promise<ScheduleDecision[]> {
    const rows = await this.prisma.scheduleDecision.findMany({
      where: { scheduleId },
      orderBy: { tickAt: 'desc' },
      take: Math.min(Math.max(options.limit ?? 50, 1), 500),
    });
    return rows.map((row) => scheduleDecisionSchema.parse(row));
  }
}
