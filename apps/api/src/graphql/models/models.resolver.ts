import { Inject, UseFilters } from '@nestjs/common';
import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { aliasNameSchema, type AliasEvent, type Model, type ModelAlias } from '@hsic/contracts';
import type { Repositories } from '@hsic/persistence';
import { actorName, type Principal } from '@hsic/access';
import { Caller, RequiresRole } from '../../access/caller.js';
import { MODEL_REGISTRY_EVENTS, REPOSITORIES, type ModelRegistryEvents } from '../../dependencies.js';
import { FieldError, NotFoundGraphQLError } from '../common/errors.js';
import { CheckpointType } from '../common/shared.types.js';
import { RunType, toRunType } from '../runs/run.types.js';
import { AliasEventType, ModelAliasType, ModelType, ModelVersionType, toVersionType } from './model.types.js';
import { GraphqlErrorsFilter } from '../common/graphql-errors.filter.js';

const toModelType = (model: Model): ModelType => ({
  name: model.name,
  description: model.description,
  createdAt: model.createdAt,
  latestVersion: model.latestVersion,
});

const toEventType = (event: AliasEvent): AliasEventType => event;
const toAliasType = (alias: ModelAlias): ModelAliasType => alias;

function checkAliasName(alias: string): void {
  const parsed = aliasNameSchema.safeParse(alias);
  if (!parsed.success) throw new FieldError('alias', parsed.error.issues[0].message);
}

@UseFilters(GraphqlErrorsFilter)
@Resolver(() => ModelType)
export class ModelsResolver {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(MODEL_REGISTRY_EVENTS) private readonly registryEvents: ModelRegistryEvents,
  ) {}

  @Query(() => [ModelType])
  async models(): Promise<ModelType[]> {
    return (await this.repos.models.list()).map(toModelType);
  }

  @Query(() => ModelType)
  async model(@Args('name', { type: () => String }) name: string): Promise<ModelType> {
    const model = await this.repos.models.get(name);
    if (!model) throw new NotFoundGraphQLError('model', name);
    return toModelType(model);
  }

  @ResolveField(() => [ModelVersionType], { description: 'Newest first.' })
  async versions(@Parent() model: ModelType): Promise<ModelVersionType[]> {
    return (await this.repos.models.listVersions(model.name)).map(toVersionType);
  }

  @ResolveField(() => [ModelAliasType])
  async aliases(@Parent() model: ModelType): Promise<ModelAliasType[]> {
    return (await this.repos.models.listAliases(model.name)).map(toAliasType);
  }

  @ResolveField(() => [AliasEventType], { description: 'Every alias move, oldest first (one alias when named).' })
  async aliasHistory(@Parent() model: ModelType, @Args('alias', { type: () => String, nullable: true }) alias: string | null): Promise<AliasEventType[]> {
    return (await this.repos.models.aliasHistory(model.name, alias ?? undefined)).map(toEventType);
  }

  @Mutation(() => ModelAliasType, { description: 'Points the alias at the version (recorded in the alias history, with who did it). Needs an ADMIN key.' })
  @RequiresRole('ADMIN')
  async promoteVersion(
    @Args('model', { type: () => String }) model: string,
    @Args('version', { type: () => Int }) version: number,
    @Args('alias', { type: () => String }) alias: string,
    @Caller() caller: Principal,
  ): Promise<ModelAliasType> {
    checkAliasName(alias);
    if (version < 1) throw new FieldError('version', `must be a positive version number, got ${version}`);
    const moved = await this.repos.models.setAlias(model, alias, version, 'promote', actorName(caller));
    this.registryEvents.modelChanged(model);
    return toAliasType(moved);
  }

  @Mutation(() => ModelAliasType, { description: 'Moves the alias back to the version it pointed to before its current one. Needs an ADMIN key.' })
  @RequiresRole('ADMIN')
  async rollbackAlias(
    @Args('model', { type: () => String }) model: string,
    @Args('alias', { type: () => String }) alias: string,
    @Caller() caller: Principal,
  ): Promise<ModelAliasType> {
    checkAliasName(alias);
    const moved = await this.repos.models.rollbackAlias(model, alias, actorName(caller));
    this.registryEvents.modelChanged(model);
    return toAliasType(moved);
  }
}

@UseFilters(GraphqlErrorsFilter)
@Resolver(() => ModelAliasType)
export class ModelAliasResolver {
  constructor(@Inject(REPOSITORIES) private readonly repos: Repositories) {}

  @ResolveField(() => [AliasEventType], { description: 'Moves of this alias, oldest first.' })
  async history(@Parent() alias: ModelAliasType): Promise<AliasEventType[]> {
    return (await this.repos.models.aliasHistory(alias.modelName, alias.alias)).map(toEventType);
  }
}

@UseFilters(GraphqlErrorsFilter)
@Resolver(() => ModelVersionType)
export class ModelVersionResolver {
  constructor(@Inject(REPOSITORIES) private readonly repos: Repositories) {}

  @ResolveField(() => CheckpointType, { nullable: true })
  checkpoint(@Parent() version: ModelVersionType): Promise<CheckpointType | null> {
    return this.repos.checkpoints.getMeta(version.checkpointId);
  }

  @ResolveField(() => RunType, { nullable: true })
  async run(@Parent() version: ModelVersionType): Promise<RunType | null> {
    const run = version.runId ? await this.repos.runs.get(version.runId) : null;
    return run ? toRunType(run) : null;
  }
}
