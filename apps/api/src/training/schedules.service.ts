import { Inject, Injectable } from '@nestjs/common';
import { aliasNameSchema, InvalidArgumentError, modelNameSchema, scheduleNameSchema, type Schedule } from '@hsic/contracts';
import { CronSyntaxError, parseCron } from '@hsic/jobs';
import { AlreadyExistsError, NotFoundError, type Repositories } from '@hsic/persistence';
import type { z } from 'zod';
import type { ResourceBudget, TrainingConfig } from '@hsic/engine';
import { checkRunBudget } from '@hsic/training';
import { REPOSITORIES, RUN_BUDGET, TRAINING } from '../dependencies.js';
import { checkConfigFitsKind, resolveTrainingConfig } from './resolve-training-config.js';
import type { TrainingIntegration } from './training-integration.js';

export interface CreateScheduleRequest {
  readonly name: string;
  readonly cron: string;
  readonly dataset: string;
  readonly preset?: string | null;
  readonly config?: unknown;
  readonly modelName: string;
  readonly alias?: string | null;
  readonly enabled?: boolean | null;
}

/** null and undefined both mean "unchanged". */
export type UpdateScheduleRequest = { readonly [K in Exclude<keyof CreateScheduleRequest, 'name'>]?: CreateScheduleRequest[K] | null };

function check(field: string, schema: z.ZodType, value: unknown): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(field, parsed.error.issues[0].message);
}

function checkCron(cron: string): string {
  try {
    parseCron(cron);
    return cron.trim();
  } catch (error) {
    if (error instanceof CronSyntaxError) throw new InvalidArgumentError('cron', error.message);
    throw error;
  }
}

/** Schedule mutations: validated field by field, stored, then the cron registrations re-synced. */
@Injectable()
export class SchedulesService {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(TRAINING) private readonly training: TrainingIntegration,
    @Inject(RUN_BUDGET) private readonly budget: ResourceBudget,
  ) {}

  async create(request: CreateScheduleRequest, actor: string): Promise<Schedule> {
    check('name', scheduleNameSchema, request.name);
    const cron = checkCron(request.cron);
    check('modelName', modelNameSchema, request.modelName);
    if (request.alias != null) check('alias', aliasNameSchema, request.alias);
    const config = resolveTrainingConfig(request, await this.datasetNames());
    checkConfigFitsKind('PIPELINE', config);
    this.checkBudget(config);
    let schedule: Schedule;
    try {
      schedule = await this.repos.schedules.create({
        name: request.name,
        cron,
        datasetName: request.dataset,
        config,
        modelName: request.modelName,
        alias: request.alias ?? undefined,
        enabled: request.enabled ?? undefined,
        actor,
      });
    } catch (error) {
      if (error instanceof AlreadyExistsError) throw new InvalidArgumentError('name', `a schedule named '${request.name}' already exists`);
      throw error;
    }
    await this.training.syncSchedules();
    return schedule;
  }

  async update(id: string, request: UpdateScheduleRequest, actor: string): Promise<Schedule> {
    const current = await this.repos.schedules.get(id);
    if (!current) throw new NotFoundError('schedule', id);
    const cron = request.cron != null ? checkCron(request.cron) : undefined;
    if (request.modelName != null) check('modelName', modelNameSchema, request.modelName);
    if (request.alias != null) check('alias', aliasNameSchema, request.alias);
    const dataset = request.dataset ?? current.datasetName;
    const reconfigure = request.preset != null || request.config != null || dataset !== current.datasetName;
    const config = reconfigure
      ? resolveTrainingConfig({ dataset, preset: request.preset, config: request.config, base: current.config }, await this.datasetNames())
      : undefined;
    if (config) {
      checkConfigFitsKind('PIPELINE', config);
      this.checkBudget(config);
    }
    const schedule = await this.repos.schedules.update(id, {
      cron,
      datasetName: request.dataset ?? undefined,
      config,
      modelName: request.modelName ?? undefined,
      alias: request.alias ?? undefined,
      enabled: request.enabled ?? undefined,
      actor,
    });
    await this.training.syncSchedules();
    return schedule;
  }

  async delete(id: string): Promise<void> {
    await this.repos.schedules.delete(id);
    await this.training.syncSchedules();
  }

  /** A schedule whose runs could never train is refused now, not at its first tick. */
  private checkBudget(config: TrainingConfig): void {
    const { problems } = checkRunBudget(config, this.budget);
    if (problems.length > 0) throw new InvalidArgumentError('config', problems.join('; '));
  }

  private async datasetNames(): Promise<string[]> {
    return (await this.repos.datasets.list()).map((d) => d.name);
  }
}
