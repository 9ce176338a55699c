import { Inject, UseFilters } from '@nestjs/common';
import { Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RUN_STATUSES } from '@hsic/contracts';
import type { JobQueue } from '@hsic/jobs';
import type { Repositories } from '@hsic/persistence';
import { API_PROCESS, JOB_QUEUE, READINESS, REPOSITORIES, TRAINING, type ApiProcessInfo } from '../../dependencies.js';
import type { Readiness } from '../../observability/readiness.js';
import type { TrainingIntegration } from '../../training/training-integration.js';
import { GraphqlErrorsFilter } from '../common/graphql-errors.filter.js';
import { RunType, toRunType } from '../runs/run.types.js';
import { OperationsType, WorkerType } from './operation.types.js';

/** Stopped and silent workers stay listed this long, so an operator sees what just went away. */
const RECENTLY_GONE_MS = 3600_000;

@UseFilters(GraphqlErrorsFilter)
@Resolver(() => WorkerType)
export class WorkersResolver {
  constructor(@Inject(REPOSITORIES) private readonly repos: Repositories) {}

  @Query(() => [WorkerType], { description: 'Workers seen in the last hour: alive first, then silent, then stopped.' })
  workers(): Promise<WorkerType[]> {
    return this.repos.workers.listSeenSince(new Date(Date.now() - RECENTLY_GONE_MS));
  }

  @ResolveField(() => RunType, { nullable: true, description: 'The run it is training now.' })
  async currentRun(@Parent() worker: WorkerType): Promise<RunType | null> {
    if (worker.state === 'STOPPED') return null;
    const [run] = (await this.repos.runs.list({ workerId: worker.id, status: 'RUNNING' }, { limit: 1 })).items;
    return run ? toRunType(run) : null;
  }
}

@UseFilters(GraphqlErrorsFilter)
@Resolver(() => OperationsType)
export class OperationsResolver {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(TRAINING) private readonly training: TrainingIntegration,
    @Inject(READINESS) private readonly readiness: Readiness,
    @Inject(API_PROCESS) private readonly process: ApiProcessInfo,
  ) {}

  @Query(() => OperationsType)
  async operations(): Promise<OperationsType> {
    const queue = this.training.trainingQueue;
    const [readiness, depth, counts] = await Promise.all([
      this.readiness.check(),
      this.jobs.queueDepth(queue),
      Promise.all(RUN_STATUSES.map(async (status) => ({ status, count: await this.repos.runs.count({ status }) }))),
    ]);
    return {
      api: {
        startedAt: this.process.startedAt,
        uptimeSeconds: (Date.now() - this.process.startedAt.getTime()) / 1000,
        backend: this.process.backend,
        embeddedDatabase: this.process.embeddedDatabase,
        ready: readiness.ready,
        notReadyReason: readiness.reason ?? null,
      },
      trainingQueue: { queue, queued: depth.queued, active: depth.active },
      runs: counts,
    };
  }
}
