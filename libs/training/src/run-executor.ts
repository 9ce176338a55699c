import {
  DEFAULT_ALIAS,
  isTerminalRunStatus,
  type Run,
  type RunProgress,
  type RunTestAccuracy,
  type ScheduleDecision,
} from '@hsic/contracts';
import { loadDataset, type DatasetSplit } from '@hsic/data';
import {
  defaultMemoryBudget,
  isBackendFailure,
  parseTrainingConfig,
  rebuildBackend,
  type ResourceBudget,
  resumeFromCheckpoints,
  runPipeline,
  snapshotToCheckpoints,
  type Classifier,
  type PipelineResult,
  type PipelineSnapshot,
  type TrainingConfig,
  type TrainingEvent,
  type TrainingListener,
} from '@hsic/engine';
import { AttemptFencedError, fenceOf, IllegalRunTransitionError, type AttemptFence, type Repositories } from '@hsic/persistence';
import { AttemptProgress } from './attempt-progress.js';
import { metricPointsOf } from './metric-points.js';
import { MetricWriter } from './metric-writer.js';
import { bootstrapProductionAlias, chooseCandidate, registerVersion, serializeFinalModels, storeFinalModels } from './model-registration.js';
import { applyScheduleGate, recordNoCandidate, tickRunOf } from './promotion-gate.js';
import { RunMonitor, type StopCause } from './run-monitor.js';
import type { RunOutcome } from './run-outcome.js';
import { loadFormatSource } from './format-source.js';
import { phasesForRun } from './run-plan.js';
import { checkRunBudget, RunDoesNotFitError } from './run-budget.js';
import { totalmem } from 'node:os';
import { isTransientError } from './transient-errors.js';

export interface RunExecutorOptions {
  readonly repos: Repositories;
  /** Recorded on the run; tells a resumed attempt whether it still owns the run. */
  readonly workerId: string;
  /** The engine backend in use (initBackend().name), recorded on the run. */
  readonly backend: string;
  /** One line at the start and one at the end of every attempt. */
  readonly log?: (line: string) => void;
  /** Heartbeat and cancel check, at most this often (default 3000 ms). */
  readonly monitorIntervalMs?: number;
  /** Batch rows are written when this many wait (default 500) ... */
  readonly metricFlushRows?: number;
  /** ... or when the oldest waits this long (default 1000 ms); always at every epoch end. */
  readonly metricFlushMs?: number;
  /** Default: loadDataset with the config's data section, under dataRoot. */
  readonly loadData?: (config: TrainingConfig) => Promise<DatasetSplit>;
  /** Where this worker's datasets live (defaultDataRoot of its HSIC_DATA_DIR); default ~/.cache/hsic-studio. */
  readonly dataRoot?: string;
  /** What one run may use here (default: 70 % of this machine's memory, and the wasm heap on wasm). */
  readonly budget?: ResourceBudget;
  /**
   * Makes the backend usable again after it failed (a WebAssembly trap, out of memory, a CUDA error).
   * Default: rebuildBackend(). Throwing BackendUnrecoverableError tells the worker to exit for a restart.
   */
  readonly recoverBackend?: () => Promise<unknown>;
}

export interface ExecuteOptions {
  /** The queue job running the run, recorded on it (a cancel reaches the job through it). */
  readonly jobId?: string;
  /** The job's signal: aborted when the queue cancels the job or takes it away. */
  readonly signal?: AbortSignal;
  /** Worker shutdown: stop after the next checkpoint is stored and hand the run back. */
  readonly drain?: AbortSignal;
  /** Worker shutdown, now: stop at the next batch; the run resumes from its last checkpoint. */
  readonly interrupt?: AbortSignal;
  /** Whether a transient error may be retried by the queue (else it fails the run). */
  readonly canRetry?: boolean;
  /** Sees every training event after it was recorded (progress output, tests). */
  readonly listener?: TrainingListener;
}

type Cause = StopCause | 'shutdown' | 'job';

/** One attempt at a run: the run as started, its fence (every write carries it), where training resumed, the models it built. */
interface Attempt {
  readonly run: Run;
  readonly fence: AttemptFence;
  resumedFrom: RunProgress | null;
  /** Freed when the attempt ends: a worker trains run after run in one process. */
  readonly models: Set<Classifier>;
  /** The backend broke under this attempt (it is rebuilt before the next run). */
  backendFailure: unknown;
}

interface Trained {
  readonly result: PipelineResult;
  /** Every test accuracy of the run, this attempt's and earlier ones'. */
  readonly accuracy: RunTestAccuracy;
}

const loadDataUnder = (dataRoot: string | undefined) => (config: TrainingConfig): Promise<DatasetSplit> =>
  loadDataset(config.data.dataset, {
    dataDir: config.data.dataDir,
    dataRoot,
    limitTrain: config.data.limitTrain,
    limitTest: config.data.limitTest,
  });

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Executes training runs stored in the database, one attempt per call: takes the run, trains the phases its
 * kind asks for (resuming from the run's newest checkpoint), writes metrics and a checkpoint per epoch,
 * honours cancel requests, and on success stores the final models and registers a model version (through
 * the promotion gate for scheduled runs). Safe to call again for the same run: a finished run is left
 * alone, an unfinished one continues where its checkpoints end.
 */
export class RunExecutor {
  private readonly log: (line: string) => void;
  private readonly loadData: (config: TrainingConfig) => Promise<DatasetSplit>;

  constructor(private readonly options: RunExecutorOptions) {
    this.log = options.log ?? (() => undefined);
    this.loadData = options.loadData ?? loadDataUnder(options.dataRoot);
  }

  async execute(runId: string, options: ExecuteOptions = {}): Promise<RunOutcome> {
    const { runs } = this.options.repos;
    const found = await runs.get(runId);
    if (!found) return { kind: 'skipped', reason: `run ${runId} does not exist` };
    if (isTerminalRunStatus(found.status)) return { kind: 'skipped', reason: `run ${runId} is already ${found.status}` };
    if (found.cancelRequested) return this.endCancelled(found);
    // Not taken: the caller hands the job back, and another worker starts the run.
    if (options.drain?.aborted || options.interrupt?.aborted) return { kind: 'interrupted', run: found, cause: 'shutdown' };

    let run: Run;
    try {
      run = await runs.start(runId, { workerId: this.options.workerId, backend: this.options.backend, jobId: options.jobId ?? null });
    } catch (error) {
      // Finished or cancelled between the read above and the start: nothing to do.
      if (error instanceof IllegalRunTransitionError) return { kind: 'skipped', reason: error.message };
      throw error;
    }
    const fence = fenceOf(run);
    this.log(`run ${run.id} started: attempt ${run.attempts}, ${run.kind}${run.modelName ? ` for model ${run.modelName}` : ''}, backend ${this.options.backend}`);
    const started = performance.now();
    const attempt: Attempt = { run, fence, resumedFrom: null, models: new Set(), backendFailure: null };
    let outcome: RunOutcome;
    try {
      outcome = await this.attempt(attempt, options);
    } catch (error) {
      // Its end could not be recorded either (the database is gone): the queue retries the job, and the next
      // attempt resumes from the last checkpoint.
      this.log(`run ${run.id} attempt ${run.attempts} ended without recording its end: ${messageOf(error)}`);
      throw error;
    }
    if (attempt.backendFailure !== null) {
      // No later run may meet the broken backend: rebuild it now (or throw, and the worker restarts).
      await (this.options.recoverBackend ?? rebuildBackend)();
      this.log(`rebuilt the ${this.options.backend} backend after it failed in run ${run.id}`);
    }
    const resumed = attempt.resumedFrom ? `, resumed after ${attempt.resumedFrom.phase} net ${attempt.resumedFrom.net} epoch ${attempt.resumedFrom.epoch}` : '';
    this.log(`run ${run.id} ${describe(outcome)} after ${((performance.now() - started) / 1000).toFixed(1)} s${resumed}`);
    return outcome;
  }

  private async attempt(attempt: Attempt, options: ExecuteOptions): Promise<RunOutcome> {
    const { run, fence } = attempt;
    const stop = new AbortController();
    let cause: Cause | null = null;
    const halt = (why: Cause) => {
      cause ??= why;
      stop.abort(why);
    };
    const unlink = new AbortController();
    for (const [signal, why] of [[options.signal, 'job'], [options.interrupt, 'shutdown']] as const) {
      if (signal?.aborted) halt(why);
      signal?.addEventListener('abort', () => halt(why), { once: true, signal: unlink.signal });
    }
    try {
      const trained = await this.train(attempt, options, stop.signal, halt);
      return await this.endSucceeded(run, fence, trained);
    } catch (error) {
      if (cause === null && isBackendFailure(error)) attempt.backendFailure = error;
      return await this.endStopped(run, fence, cause, error, options.canRetry ?? false);
    } finally {
      unlink.abort();
      for (const model of attempt.models) {
        try {
          model.dispose(); // models share nets; a second dispose does nothing
        } catch (error) {
          if (attempt.backendFailure === null) throw error; // a broken backend cannot free; rebuilding frees it all
        }
      }
    }
  }

  private async train(attempt: Attempt, options: ExecuteOptions, signal: AbortSignal, halt: (why: Cause) => void): Promise<Trained> {
    const { repos } = this.options;
    const { run, fence } = attempt;
    const config = parseTrainingConfig(run.config);
    const { problems } = checkRunBudget(config, this.options.budget ?? defaultMemoryBudget(this.options.backend, totalmem()));
    if (problems.length > 0) throw new RunDoesNotFitError(problems);
    const phases = phasesForRun(run, config);
    const snapshot = await repos.checkpoints.latestSnapshot(run.id);
    const resume = snapshot ? resumeFromCheckpoints(snapshot) : undefined;
    attempt.resumedFrom = resume?.progress ?? null;
    keepModels(attempt, resume);
    // A resumed FORMAT run's snapshot holds the nets already; a fresh one starts from its source run's.
    const source = run.kind === 'FORMAT' && !resume ? await loadFormatSource(repos, run) : undefined;
    keepModels(attempt, { hsicModel: source });
    const data = await this.loadData(config);
    if (options.drain?.aborted) halt('shutdown');

    const progress = new AttemptProgress(resume?.progress ?? null, config.hsic?.epochs ?? 0, run.hsicEpochSeconds);
    const monitor = new RunMonitor(repos.runs, fence, this.options.monitorIntervalMs ?? 3000);
    const metrics = new MetricWriter({
      write: (points) => repos.metrics.upsertMany(run.id, points, { fence }),
      maxRows: this.options.metricFlushRows ?? 500,
      maxAgeMs: this.options.metricFlushMs ?? 1000,
    });
    const listener = async (event: TrainingEvent) => {
      progress.observe(event);
      await metrics.add(metricPointsOf(event, progress.netOf(event.phase)));
      if (event.kind === 'epoch' || event.kind === 'phase-end') await metrics.flush();
      const stopCause = await monitor.poll();
      if (stopCause) halt(stopCause);
      await options.listener?.(event);
    };
    // Metrics first, then the checkpoint: a stored checkpoint always has every metric row up to it. The
    // checkpoint and the progress it stands for commit together, and only while this attempt owns the run.
    const onSnapshot = async (state: PipelineSnapshot) => {
      keepModels(attempt, state);
      await metrics.flush();
      const files = snapshotToCheckpoints(state);
      await repos.transaction(async (tx) => {
        await tx.runs.holdFence(fence);
        await tx.checkpoints.saveSnapshot(run.id, state.progress, { hsic: files.hsic, backprop: files.backprop });
        await tx.runs.recordProgress(fence, state.progress, progress.hsicEpochSeconds);
        if (Object.keys(progress.testAccuracy).length > 0) await tx.runs.recordTestAccuracy(fence, progress.testAccuracy);
      });
      if (options.drain?.aborted) halt('shutdown');
    };
    const result = await runPipeline({
      config, data, phases, backend: this.options.backend, listener, signal, onSnapshot, resume, initialNets: source?.nets,
    });
    keepModels(attempt, result);
    await metrics.flush();
    // Accuracies of phases finished by earlier attempts are only in the run; this attempt's are newer.
    const accuracy = { ...(run.testAccuracy ?? {}), ...progress.testAccuracy, ...definedValues(result.testAccuracy) };
    return { result, accuracy };
  }

  /**
   * The final write, in one transaction that holds the run's fence: the finished models, the version they
   * register, the gate's decision or the first alias, and SUCCEEDED. Cut off anywhere (a killed worker, a lost
   * database), none of it is stored and the next attempt finishes the run from its last checkpoint.
   */
  private async endSucceeded(run: Run, fence: AttemptFence, { result, accuracy }: Trained): Promise<RunOutcome> {
    const extra = { runId: run.id, dataset: run.datasetName, config: run.config, backend: this.options.backend, testAccuracy: accuracy };
    const models = serializeFinalModels(result, extra);
    try {
      return await this.options.repos.transaction(async (tx) => {
        await tx.runs.holdFence(fence);
        const finals = await storeFinalModels(tx, run.id, models);
        const choice = chooseCandidate(run, result, finals, accuracy);
        const note = !run.modelName ? 'the run has no model name: nothing registered' : choice.reason;
        const version = choice.candidate && run.modelName ? await registerVersion(tx, run, run.modelName, choice.candidate) : null;
        const tick = tickRunOf(run);
        let decision: ScheduleDecision | null = null;
        if (tick) {
          const schedule = await tx.schedules.get(tick.scheduleId);
          decision = version
            ? await applyScheduleGate(tx, tick, schedule?.alias ?? DEFAULT_ALIAS, version)
            : await recordNoCandidate(tx, tick, note ?? 'nothing was registered');
        } else if (version) {
          await bootstrapProductionAlias(tx, version);
        }
        const done = await tx.runs.succeed(run.id, { testAccuracy: accuracy }, { fence });
        // Read back: the gate or the bootstrap may have pointed an alias at it.
        const registered = version ? await tx.models.getVersionById(version.id) : null;
        return { kind: 'succeeded', run: done, version: registered ?? version, decision, note: version ? null : note };
      });
    } catch (error) {
      if (error instanceof AttemptFencedError) return { kind: 'skipped', reason: `a newer attempt owns the run (${error.message})` };
      throw error;
    }
  }

  private async endStopped(run: Run, fence: AttemptFence, cause: Cause | null, error: unknown, canRetry: boolean): Promise<RunOutcome> {
    const { runs } = this.options.repos;
    if (cause === 'lost' || error instanceof AttemptFencedError || !(await this.stillOwns(fence).catch(() => true))) {
      return { kind: 'skipped', reason: 'a newer attempt owns the run' };
    }
    try {
      if (cause === 'cancel') return await this.endCancelled(run, fence);
      if (cause === 'job' && (await runs.getOrThrow(run.id)).cancelRequested) return await this.endCancelled(run, fence);
      if (cause === 'shutdown' || cause === 'job') {
        const reason = cause === 'shutdown' ? 'interrupted: the worker shut down' : 'interrupted: the job queue took the job away';
        return { kind: 'interrupted', run: await runs.requeue(run.id, reason, { fence }), cause };
      }
      if (canRetry && isTransientError(error)) {
        await runs.requeue(run.id, `retrying after a transient error: ${messageOf(error)}`, { fence }).catch(() => undefined);
        return { kind: 'retry', error };
      }
      return await this.endFailed(run, isBackendFailure(error) ? backendFailureReason(error, this.options.backend) : messageOf(error), fence);
    } catch (endError) {
      if (endError instanceof AttemptFencedError) return { kind: 'skipped', reason: 'a newer attempt owns the run' };
      throw endError;
    }
  }

  /** The failure and, for a scheduled run, the tick's decision: together, by the attempt that owns the run. */
  private async endFailed(run: Run, reason: string, fence: AttemptFence): Promise<RunOutcome> {
    return this.options.repos.transaction(async (tx) => {
      await tx.runs.holdFence(fence);
      const tick = tickRunOf(run);
      if (tick) await recordNoCandidate(tx, tick, `the run failed: ${reason}`);
      return { kind: 'failed', run: await tx.runs.fail(run.id, reason, { fence }), reason };
    });
  }

  /** Without a fence: a run with a cancel request that no attempt had started yet. */
  private async endCancelled(run: Run, fence?: AttemptFence): Promise<RunOutcome> {
    return this.options.repos.transaction(async (tx) => {
      if (fence) await tx.runs.holdFence(fence);
      const tick = tickRunOf(run);
      if (tick) await recordNoCandidate(tx, tick, 'the run was cancelled');
      return { kind: 'cancelled', run: await tx.runs.cancel(run.id, { fence }) };
    });
  }

  private async stillOwns(fence: AttemptFence): Promise<boolean> {
    const run = await this.options.repos.runs.getOrThrow(fence.runId);
    return run.status === 'RUNNING' && run.attempts === fence.attempt && run.workerId === fence.workerId;
  }
}

/** What a user reads when the backend itself broke under a run. */
function backendFailureReason(error: unknown, backend: string): string {
  return (
    `the ${backend} training backend failed (${messageOf(error)}). This usually means the run needed more memory than the ` +
    'backend could give it; the worker has rebuilt its backend, so other runs are not affected. Try a smaller batch size or ' +
    'net, or a worker with more memory (a GPU worker for large nets)'
  );
}

function keepModels(attempt: Attempt, holder: { hsicModel?: Classifier; backpropModel?: Classifier } | undefined): void {
  for (const model of [holder?.hsicModel, holder?.backpropModel]) if (model) attempt.models.add(model);
}

function definedValues(accuracy: PipelineResult['testAccuracy']): RunTestAccuracy {
  return Object.fromEntries(Object.entries(accuracy).filter(([, value]) => value !== undefined));
}

function describe(outcome: RunOutcome): string {
  switch (outcome.kind) {
    case 'succeeded': {
      const accuracy = Object.entries(outcome.run.testAccuracy ?? {})
        .map(([kind, value]) => `${kind} ${(Number(value) * 100).toFixed(2)} %`)
        .join(', ');
      const registered = outcome.version
        ? `; registered ${outcome.version.modelName} v${outcome.version.version}${outcome.version.aliases.length ? ` (${outcome.version.aliases.join(', ')})` : ''}`
        : outcome.note
          ? `; ${outcome.note}`
          : '';
      const gate = outcome.decision ? `; gate: ${outcome.decision.reason}` : '';
      return `SUCCEEDED (test accuracy ${accuracy || 'none'}${registered}${gate})`;
    }
    case 'failed':
      return `FAILED: ${outcome.reason}`;
    case 'cancelled':
      return 'CANCELLED';
    case 'interrupted':
      return `handed back to the queue (${outcome.cause === 'shutdown' ? 'worker shutdown' : 'job taken away'}); it resumes from its last checkpoint`;
    case 'retry':
      return `hit a transient error, to be retried: ${messageOf(outcome.error)}`;
    case 'skipped':
      return `skipped: ${outcome.reason}`;
  }
}
