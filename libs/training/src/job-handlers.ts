import { scheduleTickJobSchema, TRAINING_QUEUE, trainingJobSchema, type ScheduleTickJob, type TrainingJob } from '@hsic/contracts';
import type { JobContext, JobHandler, JobQueue } from '@hsic/jobs';
import type { RunsRepository } from '@hsic/persistence';
import { TRAINING_QUEUE_OPTIONS } from './queues.js';
import type { RunExecutor } from './run-executor.js';
import type { RunOutcome } from './run-outcome.js';
import { handleScheduleTick, manualTick, type ScheduleTickDeps, type TickOutcome } from './schedule-tick.js';

export interface TrainingJobHandlerOptions {
  readonly executor: RunExecutor;
  readonly queue: JobQueue;
  readonly runs: RunsRepository;
  /** Worker shutdown: finish the epoch, checkpoint, hand the run back. */
  readonly drain?: AbortSignal;
  /** Worker shutdown deadline: stop now. */
  readonly interrupt?: AbortSignal;
  readonly log?: (line: string) => void;
  readonly onOutcome?: (outcome: RunOutcome, job: JobContext<TrainingJob>) => void;
}

/**
 * The handler of TRAINING_QUEUE jobs ({ runId }). Retry policy:
 * - the run fails (FAILED, the job completes) on errors that would fail again: bad config, missing dataset,
 *   a training error;
 * - a transient database/network error is thrown, so the queue retries the job (TRAINING_QUEUE_OPTIONS:
 *   3 retries, after 5–10, 10–20, 20–40 s); the run goes back to QUEUED and the retry resumes from its
 *   checkpoint. On the last attempt it fails the run instead;
 * - a worker that dies (crash, SIGKILL, lost node) stops heart-beating; the queue gives the job to another
 *   worker ~15–25 s later, which resumes the run from its checkpoint;
 * - a worker that shuts down hands the run back (QUEUED) and sends a new job for it, which does not use up
 *   a retry; a cancelled job cancels the run.
 */
export function createTrainingJobHandler(options: TrainingJobHandlerOptions): JobHandler<TrainingJob> {
  return async (job) => {
    const parsed = trainingJobSchema.safeParse(job.data);
    if (!parsed.success) {
      // Retrying cannot fix a malformed job: complete it, loudly.
      options.log?.(`training job ${job.id} ignored: its data is not { runId } (${parsed.error.issues[0]?.message})`);
      return;
    }
    const { runId } = parsed.data;
    const outcome = await options.executor.execute(runId, {
      jobId: job.id,
      signal: job.signal,
      drain: options.drain,
      interrupt: options.interrupt,
      canRetry: job.attempt <= TRAINING_QUEUE_OPTIONS.retryLimit,
    });
    options.onOutcome?.(outcome, job);
    if (outcome.kind === 'retry') throw outcome.error;
    if (outcome.kind === 'interrupted') await handBack(options, job, runId);
  };
}

/**
 * After an interruption: unless the queue will deliver this job again anyway (retry) or it was cancelled,
 * send a fresh job for the run. Its key is derived from this job, so handing back twice sends one job.
 */
async function handBack(options: TrainingJobHandlerOptions, job: JobContext<TrainingJob>, runId: string): Promise<void> {
  const state = (await options.queue.getJob(job.id))?.state;
  if (state === 'cancelled') {
    await options.runs.requestCancel(runId);
    return;
  }
  if (state === 'retry') return;
  const next = await options.queue.send<TrainingJob>(TRAINING_QUEUE, { runId }, { idempotencyKey: `${runId}:after:${job.id}` });
  if (next) await options.runs.setJobId(runId, next);
}

export interface ScheduleTickHandlerOptions extends ScheduleTickDeps {
  readonly now?: () => Date;
  readonly onOutcome?: (outcome: TickOutcome, job: JobContext<ScheduleTickJob>) => void;
}

/** The handler of SCHEDULE_TICK_QUEUE jobs ({ scheduleId }, tick time from the queue). */
export function createScheduleTickHandler(options: ScheduleTickHandlerOptions): JobHandler<ScheduleTickJob> {
  return async (job) => {
    const parsed = scheduleTickJobSchema.safeParse(job.data);
    if (!parsed.success) {
      options.log?.(`schedule tick job ${job.id} ignored: its data is not { scheduleId } (${parsed.error.issues[0]?.message})`);
      return;
    }
    const tickAt = job.scheduledFor ?? manualTick(options.now?.() ?? new Date());
    const outcome = await handleScheduleTick(options, { scheduleId: parsed.data.scheduleId, tickAt, fromCron: job.scheduledFor !== null });
    options.onOutcome?.(outcome, job);
  };
}
