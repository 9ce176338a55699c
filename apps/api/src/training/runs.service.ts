import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InvalidArgumentError, modelNameSchema, type Run, type RunKind } from '@hsic/contracts';
import type { JobQueue } from '@hsic/jobs';
import { RunRequestError, type ResourceBudget, type ResourceEstimate, type TrainingConfig } from '@hsic/engine';
import { checkRunBudget, resendStrandedRuns } from '@hsic/training';
import type { Repositories } from '@hsic/persistence';
import { API_LOGGER, JOB_QUEUE, REPOSITORIES, RUN_BUDGET, TRAINING } from '../dependencies.js';
import type { ApiLogger } from '../observability/api-logger.js';
import { checkConfigFitsKind, resolveTrainingConfig } from './resolve-training-config.js';
import type { TrainingIntegration } from './training-integration.js';

export interface RunRequestProblem {
  /** Argument path, e.g. `config.hsic.batchSize`. */
  readonly field: string;
  readonly message: string;
}

export interface RunRequestValidation {
  /** The complete config the run would train with; null when it is not a valid config. */
  readonly config: TrainingConfig | null;
  /** Memory and work of the run, when the config is valid (also when it is too big: the numbers say by how much). */
  readonly estimate: ResourceEstimate | null;
  readonly budget: ResourceBudget;
  readonly problems: readonly RunRequestProblem[];
}

export interface StartRunRequest {
  readonly kind: RunKind;
  readonly dataset: string;
  readonly preset?: string | null;
  readonly config?: unknown;
  readonly modelName?: string | null;
  /** FORMAT runs: the run whose HSIC-trained nets are post-trained. */
  readonly sourceRunId?: string | null;
  /** A retried request with the same key gets the first request's run. */
  readonly idempotencyKey?: string | null;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** What makes two startRun calls the same request: the caller and every argument (in a fixed order). */
function requestHash(request: StartRunRequest, requestedBy: string): string {
  const { kind, dataset, preset, config, modelName, sourceRunId } = request;
  const canonical = JSON.stringify([requestedBy, kind, dataset, preset ?? null, sortedKeys(config ?? null), modelName ?? null, sourceRunId ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, inner]) => [key, sortedKeys(inner)]));
}

/** Starting and cancelling runs: the rules between the GraphQL layer, the runs table and the queue. */
@Injectable()
export class RunsService {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(TRAINING) private readonly training: TrainingIntegration,
    @Inject(API_LOGGER) private readonly log: ApiLogger,
    @Inject(RUN_BUDGET) private readonly budget: ResourceBudget,
  ) {}

  /**
   * Validates everything before anything is stored; then one run row and one job keyed by the run id. With an
   * idempotency key, a retry of the same request returns the first call's run (sending its job again if the
   * first call stopped before it could).
   */
  async start(request: StartRunRequest, requestedBy: string): Promise<Run> {
    const key = request.idempotencyKey ?? null;
    if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw new InvalidArgumentError('idempotencyKey', 'expected 8–128 of A-Za-z0-9_.:- (a UUID will do)');
    const { config, source, budgetProblems } = await this.plan(request);
    if (budgetProblems.length > 0) throw new InvalidArgumentError('config', budgetProblems.join('; '));
    const input = {
      requestedBy,
      kind: request.kind,
      datasetName: request.dataset,
      config,
      preset: request.preset ?? null,
      modelName: request.modelName ?? null,
      sourceRunId: source?.id ?? null,
    };
    if (key === null) return this.enqueue(await this.repos.runs.create(input));
    const { run, created } = await this.repos.runs.createIdempotent({ ...input, idempotencyKey: key, requestHash: requestHash(request, requestedBy) });
    return created || (run.status === 'QUEUED' && run.jobId === null) ? this.enqueue(run) : run;
  }

  /**
   * The checks start() makes, without storing anything: the complete config the run would train with, or
   * the problems (each with the argument path to fix), exactly as start() would report them.
   */
  async validate(request: StartRunRequest): Promise<RunRequestValidation> {
    try {
      const { config, estimate, budgetProblems } = await this.plan(request);
      return { config, estimate, budget: this.budget, problems: budgetProblems.map((message) => ({ field: 'config', message })) };
    } catch (error) {
      const refusal = error instanceof InvalidArgumentError || error instanceof RunRequestError ? error : null;
      if (!refusal) throw error;
      const issues = refusal instanceof RunRequestError ? refusal.issues : undefined;
      const problems = issues?.length
        ? issues.map((issue) => ({ field: issue.path ? `config.${issue.path}` : 'config', message: issue.message }))
        : [{ field: refusal.field, message: refusal.reason }];
      return { config: null, estimate: null, budget: this.budget, problems };
    }
  }

  private async plan(request: StartRunRequest): Promise<{ config: TrainingConfig; source: Run | null; estimate: ResourceEstimate | null; budgetProblems: string[] }> {
    if (request.modelName != null) {
      const name = modelNameSchema.safeParse(request.modelName);
      if (!name.success) throw new InvalidArgumentError('modelName', name.error.issues[0].message);
    }
    const source = await this.formatSource(request);
    const datasets = (await this.repos.datasets.list()).map((d) => d.name);
    const config = resolveTrainingConfig({ ...request, base: source?.config }, datasets);
    checkConfigFitsKind(request.kind, config);
    const { estimate, problems } = checkRunBudget(config, this.budget);
    return { config, source, estimate, budgetProblems: problems };
  }

  /**
   * A FORMAT run post-trains the nets of a succeeded HSIC or PIPELINE run on the same dataset; that run's config
   * is what `config` overrides when no preset is named. Other kinds take no source.
   */
  private async formatSource(request: StartRunRequest): Promise<Run | null> {
    const id = request.sourceRunId;
    if (request.kind !== 'FORMAT') {
      if (id != null) throw new InvalidArgumentError('sourceRunId', `only FORMAT runs take a source run, this is a ${request.kind} run`);
      return null;
    }
    if (id == null) throw new InvalidArgumentError('sourceRunId', 'a FORMAT run needs the succeeded HSIC or PIPELINE run whose nets it post-trains');
    const source = await this.repos.runs.get(id);
    if (!source) throw new InvalidArgumentError('sourceRunId', `no run '${id}'`);
    if (source.kind !== 'HSIC' && source.kind !== 'PIPELINE') throw new InvalidArgumentError('sourceRunId', `run '${id}' is a ${source.kind} run; it has no HSIC-trained nets`);
    if (source.status !== 'SUCCEEDED') throw new InvalidArgumentError('sourceRunId', `run '${id}' is ${source.status}; only a SUCCEEDED run has finished nets`);
    if (source.datasetName !== request.dataset) {
      throw new InvalidArgumentError('sourceRunId', `run '${id}' trained on '${source.datasetName}' but the dataset argument is '${request.dataset}'`);
    }
    if (!(await this.repos.checkpoints.findFinal(id, 'hsic'))) {
      throw new InvalidArgumentError('sourceRunId', `run '${id}' stored no finished HSIC-trained model`);
    }
    return source;
  }

  /**
   * Sends the run's job (the run id is the idempotency key, so sending twice is one job) and records its id.
   * A run whose job cannot be sent is failed rather than left QUEUED forever. Answers the run as this call
   * left it (QUEUED, with its job), not as a worker that already took the job may have changed it since.
   */
  async enqueue(run: Run): Promise<Run> {
    try {
      const jobId = await this.training.enqueue(run.id);
      return jobId === null ? run : { ...run, jobId };
    } catch (error) {
      this.log.error(`could not enqueue run ${run.id}`, error);
      await this.repos.runs.fail(run.id, 'could not be sent to the job queue').catch(() => undefined);
      throw error;
    }
  }

  /**
   * QUEUED runs that no live job will start (stored but never sent, or their job ended) get a job again:
   * at start for all of them, then every minute for those queued longer than `graceMs`.
   */
  async resendStranded(graceMs: number): Promise<Run[]> {
    return resendStrandedRuns(this.repos.runs, this.jobs, { graceMs });
  }

  /** Queued: cancelled at once. Running: flagged, and the job cancelled so the worker's signal fires. */
  async cancel(id: string, by: string): Promise<Run> {
    const { run, outcome } = await this.repos.runs.requestCancel(id, by);
    if (outcome !== 'already-finished' && run.jobId) await this.jobs.cancel(run.jobId);
    return run;
  }

}
