import { SCHEDULE_TICK_QUEUE, TRAINING_QUEUE, type TrainingJob } from '@hsic/contracts';
import type { JobQueue, QueueOptions } from '@hsic/jobs';
import type { RunsRepository } from '@hsic/persistence';

/**
 * Training jobs. A dead worker is noticed by its missing heartbeat (10 s, pg-boss's minimum) and the job is
 * retried on another worker, which resumes from the run's last checkpoint. Retries also cover transient
 * database errors, after 5–10, 10–20 and 20–40 s (pg-boss backs off with jitter). An attempt may run for
 * pg-boss's maximum of 24 h; a run that takes longer continues from its checkpoint in the next attempt.
 */
export const TRAINING_QUEUE_OPTIONS: Required<QueueOptions> = {
  retryLimit: 3,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 24 * 60 * 60,
  heartbeatSeconds: 10,
};

/** Schedule ticks only create and enqueue a run: short jobs. */
export const SCHEDULE_TICK_QUEUE_OPTIONS: Required<QueueOptions> = {
  retryLimit: 5,
  retryDelaySeconds: 10,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  heartbeatSeconds: 10,
};

/**
 * Creates both queues with the options above. Every process that sends or works on them calls it at start
 * (the API and the worker); the first creation's options win, so all of them should use this function.
 */
export async function ensureTrainingQueues(queue: JobQueue): Promise<void> {
  await queue.createQueue(TRAINING_QUEUE, TRAINING_QUEUE_OPTIONS);
  await queue.createQueue(SCHEDULE_TICK_QUEUE, SCHEDULE_TICK_QUEUE_OPTIONS);
}

/**
 * Sends the run's training job (idempotency key = run id: a second call sends nothing) and records the
 * job id on the run, which is what a cancel uses. Returns the job id, or null when the job existed already.
 */
export async function enqueueTrainingRun(queue: JobQueue, runs: RunsRepository, runId: string): Promise<string | null> {
  const jobId = await queue.send<TrainingJob>(TRAINING_QUEUE, { runId }, { idempotencyKey: runId });
  if (jobId) await runs.setJobId(runId, jobId);
  return jobId;
}

/** The pg-boss schedule name of a Schedule row: by id, so a rename keeps its registration. */
export const scheduleJobName = (scheduleId: string): string => `schedule:${scheduleId}`;
