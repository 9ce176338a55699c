import { Inject, UseFilters } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { actorName, type Principal } from '@hsic/access';
import { Caller, RequiresRole } from '../../access/caller.js';
import type { Schedule, ScheduleDecision } from '@hsic/contracts';
import { parseCron } from '@hsic/jobs';
import type { Repositories } from '@hsic/persistence';
import { REPOSITORIES } from '../../dependencies.js';
import { SchedulesService } from '../../training/schedules.service.js';
import { FieldError, NotFoundGraphQLError } from '../common/errors.js';
import { ModelVersionType, toVersionType } from '../models/model.types.js';
import { RunType, toRunType } from '../runs/run.types.js';
import { CreateScheduleInput, ScheduleDecisionType, ScheduleType, UpdateScheduleInput } from './schedule.types.js';
import { GraphqlErrorsFilter } from '../common/graphql-errors.filter.js';

const toScheduleType = ({ datasetName, ...schedule }: Schedule): ScheduleType => ({ ...schedule, dataset: datasetName });
const toDecisionType = (decision: ScheduleDecision): ScheduleDecisionType => decision;
const MAX_DECISIONS = 500;

@UseFilters(GraphqlErrorsFilter)
@Resolver(() => ScheduleType)
export class SchedulesResolver {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    private readonly scheduleService: SchedulesService,
  ) {}

  @Query(() => [ScheduleType], { description: 'By name.' })
  async schedules(): Promise<ScheduleType[]> {
    return (await this.repos.schedules.list()).map(toScheduleType);
  }

  @Query(() => ScheduleType)
  async schedule(@Args('id', { type: () => ID }) id: string): Promise<ScheduleType> {
    const schedule = await this.repos.schedules.get(id);
    if (!schedule) throw new NotFoundGraphQLError('schedule', id);
    return toScheduleType(schedule);
  }

  @ResolveField(() => Date, { nullable: true, description: 'The next cron tick (UTC), null when disabled.' })
  nextTickAt(@Parent() schedule: ScheduleType): Date | null {
    return schedule.enabled ? parseCron(schedule.cron).next(new Date()) : null;
  }

  @ResolveField(() => [ScheduleDecisionType], { description: 'Newest tick first.' })
  async decisions(
    @Parent() schedule: ScheduleType,
    @Args('limit', { type: () => Int, nullable: true, description: `1–${MAX_DECISIONS}, default 50.` }) limit: number | null,
  ): Promise<ScheduleDecisionType[]> {
    if (limit !== null && (limit < 1 || limit > MAX_DECISIONS)) throw new FieldError('limit', `must be between 1 and ${MAX_DECISIONS}, got ${limit}`);
    return (await this.repos.schedules.listDecisions(schedule.id, { limit: limit ?? undefined })).map(toDecisionType);
  }

  @Mutation(() => ScheduleType, { description: 'Needs an ADMIN key.' })
  @RequiresRole('ADMIN')
  async createSchedule(@Args('input', { type: () => CreateScheduleInput }) input: CreateScheduleInput, @Caller() caller: Principal): Promise<ScheduleType> {
    return toScheduleType(await this.scheduleService.create(input, actorName(caller)));
  }

  @Mutation(() => ScheduleType, { description: 'Needs an ADMIN key.' })
  @RequiresRole('ADMIN')
  async updateSchedule(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateScheduleInput }) input: UpdateScheduleInput,
    @Caller() caller: Principal,
  ): Promise<ScheduleType> {
    return toScheduleType(await this.scheduleService.update(id, input, actorName(caller)));
  }

  @Mutation(() => ID, { description: 'Deletes the schedule and its decisions (its runs stay); returns the id. Needs an ADMIN key.' })
  @RequiresRole('ADMIN')
  async deleteSchedule(@Args('id', { type: () => ID }) id: string): Promise<string> {
    await this.scheduleService.delete(id);
    return id;
  }
}

@UseFilters(GraphqlErrorsFilter)
@Resolver(() => ScheduleDecisionType)
export class ScheduleDecisionResolver {
  constructor(@Inject(REPOSITORIES) private readonly repos: Repositories) {}

  @ResolveField(() => ModelVersionType, { nullable: true, description: 'The version the tick trained.' })
  async candidateVersion(@Parent() decision: ScheduleDecisionType): Promise<ModelVersionType | null> {
    return this.version(decision.candidateVersionId);
  }

  @ResolveField(() => ModelVersionType, { nullable: true, description: 'The version the alias pointed at when the gate decided.' })
  async currentVersion(@Parent() decision: ScheduleDecisionType): Promise<ModelVersionType | null> {
    return this.version(decision.currentVersionId);
  }

  @ResolveField(() => RunType, { nullable: true })
  async run(@Parent() decision: ScheduleDecisionType): Promise<RunType | null> {
    const run = decision.runId ? await this.repos.runs.get(decision.runId) : null;
    return run ? toRunType(run) : null;
  }

  private async version(id: string | null): Promise<ModelVersionType | null> {
    const version = id ? await this.repos.models.getVersionById(id) : null;
    return version ? toVersionType(version) : null;
  }
}
