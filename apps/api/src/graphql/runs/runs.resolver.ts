import { Inject, UseFilters } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import {
  MAX_PAGE_SIZE,
  MAX_POINTS_PER_SERIES,
  MAX_RUN_SEARCH_LENGTH,
  NOT_PER_LAYER,
  type JsonObject,
  type MetricQuery,
  type RunListFilter,
  type RunOrder,
  type TrainingPhase,
} from '@hsic/contracts';
import { roughDuration } from '@hsic/engine';
import type { Repositories } from '@hsic/persistence';
import { actorName, type Principal } from '@hsic/access';
import { Caller, RequiresRole } from '../../access/caller.js';
import { REPOSITORIES } from '../../dependencies.js';
import { RunProgressHub, type RunProgressUpdate } from '../../progress/run-progress-hub.js';
import { RunsService } from '../../training/runs.service.js';
import { TrainingPhaseEnum } from '../common/enums.js';
import { FieldError, NotFoundGraphQLError } from '../common/errors.js';
import { GraphqlErrorsFilter } from '../common/graphql-errors.filter.js';
import { CheckpointType, MetricColumnsType, MetricPointType } from '../common/shared.types.js';
import {
  RunConnectionType,
  RunFilterInput,
  RunOrderInput,
  RunProgressEventType,
  RunType,
  RunValidationType,
  StartRunInput,
  toRunType,
} from './run.types.js';

const DEFAULT_RUNS_PAGE = 20;
/** A run's metrics can be 50,000 rows read from the database: in the query cost, like 100 plain fields. */
const METRICS_COST = 100;

function checkRange(field: string, value: number | null, min: number, max: number): void {
  if (value !== null && (value < min || value > max)) throw new FieldError(field, `must be between ${min} and ${max}, got ${value}`);
}

function metricQueryOf(phase: TrainingPhase | null, layer: number | null, maxPoints: number | null): MetricQuery {
  if (layer !== null && layer < NOT_PER_LAYER) throw new FieldError('layer', `must be ${NOT_PER_LAYER} or a layer index, got ${layer}`);
  checkRange('maxPoints', maxPoints, 1, MAX_POINTS_PER_SERIES);
  return { phase: phase ?? undefined, layer: layer ?? undefined, maxPointsPerSeries: maxPoints ?? undefined };
}

function toFilter(filter: RunFilterInput | null): RunListFilter {
  const search = filter?.search?.trim() || undefined;
  if (search && search.length > MAX_RUN_SEARCH_LENGTH) {
    throw new FieldError('filter.search', `must be at most ${MAX_RUN_SEARCH_LENGTH} characters, got ${search.length}`);
  }
  return {
    status: filter?.status ?? undefined,
    kind: filter?.kind ?? undefined,
    datasetName: filter?.dataset ?? undefined,
    modelName: filter?.model ?? undefined,
    scheduleId: filter?.schedule ?? undefined,
    workerId: filter?.worker ?? undefined,
    search,
  };
}

const toOrder = (order: RunOrderInput | null): RunOrder | undefined =>
  order ? { field: order.field, direction: order.direction ?? 'DESC' } : undefined;

const toProgressEvent = (update: RunProgressUpdate): RunProgressEventType => ({
  run: toRunType(update.run),
  points: update.points,
  statusChanged: update.statusChanged,
  cursor: update.cursor.toString(),
});

/** Cursors are write positions (PostgreSQL bigint), sent as decimal strings. */
const CURSOR = /^\d{1,19}$/;

@UseFilters(GraphqlErrorsFilter)
@Resolver(() => RunType)
export class RunsResolver {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    private readonly runService: RunsService,
    private readonly progressHub: RunProgressHub,
  ) {}

  @Query(() => RunType)
  async run(@Args('id', { type: () => ID }) id: string): Promise<RunType> {
    const run = await this.repos.runs.get(id);
    if (!run) throw new NotFoundGraphQLError('run', id);
    return toRunType(run);
  }

  @Query(() => RunConnectionType, { description: 'Runs, newest first unless orderBy says otherwise, one page at a time.' })
  async runs(
    @Args('filter', { type: () => RunFilterInput, nullable: true }) filter: RunFilterInput | null,
    @Args('orderBy', { type: () => RunOrderInput, nullable: true, description: 'Default: newest first. Pages continue in the order they started with.' })
    orderBy: RunOrderInput | null,
    @Args('first', { type: () => Int, nullable: true, description: `Page size, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_RUNS_PAGE}).` })
    first: number | null,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
  ): Promise<RunConnectionType> {
    checkRange('first', first, 1, MAX_PAGE_SIZE);
    const where = toFilter(filter);
    const [page, totalCount] = await Promise.all([
      this.repos.runs.list(where, { limit: first ?? DEFAULT_RUNS_PAGE, cursor: after ?? undefined, order: toOrder(orderBy) }),
      this.repos.runs.count(where),
    ]);
    return {
      nodes: page.items.map((run) => toRunType(run)),
      pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: page.nextCursor },
      totalCount,
    };
  }

  @ResolveField(() => [MetricPointType], {
    description: 'Per-layer nHSIC(X, Z), nHSIC(Y, Z) and loss per batch, and per-epoch summaries (accuracies).',
    complexity: METRICS_COST,
  })
  async metrics(
    @Parent() run: RunType,
    @Args('phase', { type: () => TrainingPhaseEnum, nullable: true }) phase: TrainingPhase | null,
    @Args('layer', { type: () => Int, nullable: true, description: '−1: values that are not per layer.' }) layer: number | null,
    @Args('maxPoints', {
      type: () => Int,
      nullable: true,
      description: 'Downsample each series (phase, net, layer) to at most this many batch points; epoch rows are always kept.',
    })
    maxPoints: number | null,
  ): Promise<MetricPointType[]> {
    return this.repos.metrics.query(run.id, metricQueryOf(phase, layer, maxPoints));
  }

  @ResolveField(() => MetricColumnsType, {
    description: 'The same points as `metrics`, as one list per field: what charts draw from, several times faster to fetch for large runs.',
    complexity: METRICS_COST,
  })
  async metricColumns(
    @Parent() run: RunType,
    @Args('phase', { type: () => TrainingPhaseEnum, nullable: true }) phase: TrainingPhase | null,
    @Args('layer', { type: () => Int, nullable: true, description: '−1: values that are not per layer.' }) layer: number | null,
    @Args('maxPoints', { type: () => Int, nullable: true, description: 'As for `metrics`.' }) maxPoints: number | null,
  ): Promise<MetricColumnsType> {
    return this.repos.metrics.columns(run.id, metricQueryOf(phase, layer, maxPoints));
  }

  @ResolveField(() => [CheckpointType])
  checkpoints(@Parent() run: RunType): Promise<CheckpointType[]> {
    return this.repos.checkpoints.listForRun(run.id);
  }

  @Query(() => RunValidationType, {
    description: 'Checks a startRun input as startRun does, and shows the complete config it would train with; stores nothing.',
  })
  async validateRun(@Args('input', { type: () => StartRunInput }) input: StartRunInput): Promise<RunValidationType> {
    const { config, problems, estimate, budget } = await this.runService.validate(input);
    return {
      valid: problems.length === 0,
      problems: [...problems],
      config: config as JsonObject | null,
      estimate: estimate && {
        memoryBytes: estimate.memoryBytes.total,
        dataBytes: estimate.memoryBytes.data,
        parameterBytes: estimate.memoryBytes.parameters,
        activationBytes: estimate.memoryBytes.activations,
        kernelBytes: estimate.memoryBytes.kernels,
        gigaflops: estimate.flops / 1e9,
        roughDuration: roughDuration(estimate.flops),
        budgetBytes: budget.memoryBytes,
        budgetSource: budget.source,
      },
    };
  }

  @Mutation(() => RunType, { description: 'Validates the config, stores a QUEUED run and sends its job. Needs a TRAIN key.' })
  @RequiresRole('TRAIN')
  async startRun(@Args('input', { type: () => StartRunInput }) input: StartRunInput, @Caller() caller: Principal): Promise<RunType> {
    return toRunType(await this.runService.start(input, actorName(caller)));
  }

  @Mutation(() => RunType, {
    description: 'A queued run is cancelled at once; a running one is asked to stop (status CANCELLED once its worker has stopped). Needs a TRAIN key.',
  })
  @RequiresRole('TRAIN')
  async cancelRun(@Args('id', { type: () => ID }) id: string, @Caller() caller: Principal): Promise<RunType> {
    return toRunType(await this.runService.cancel(id, actorName(caller)));
  }

  @Subscription(() => RunProgressEventType, {
    description:
      'The run now, then every status change and the new metric points (polled every ~500 ms); completes when the run ends. Every event carries a cursor: subscribe again with `after` to resume without a gap.',
    resolve: toProgressEvent,
  })
  async runProgress(
    @Args('runId', { type: () => ID }) runId: string,
    @Args('after', { type: () => String, nullable: true, description: 'The cursor of the last event received: resume after it (every point written since comes first).' })
    after: string | null,
  ): Promise<AsyncIterableIterator<RunProgressUpdate>> {
    if (after != null && !CURSOR.test(after)) throw new FieldError('after', 'expected the cursor of a runProgress event (digits)');
    const run = await this.repos.runs.get(runId);
    if (!run) throw new NotFoundGraphQLError('run', runId);
    return this.progressHub.subscribe(run, after == null ? null : BigInt(after));
  }
}
