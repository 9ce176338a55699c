import { TRAINING_QUEUE } from '@hsic/contracts';
import type { JobQueue } from '@hsic/jobs';
import type { Repositories } from '@hsic/persistence';
import { enqueueTrainingRun, ensureTrainingQueues, syncSchedules } from '@hsic/training';
import type { ApiLogger } from '../observability/api-logger.js';

/**
 * What the API needs from the training side (@hsic/training): where runs are sent, and how the schedules
 * stored in the database become cron registrations of this process's job queue.
 */
export interface TrainingIntegration {
  /** Queue of training jobs (payload `{ runId }`), for queue-depth metrics. */
  readonly trainingQueue: string;
  /** Creates the training and schedule-tick queues (idempotent; at start). */
  prepareQueues(): Promise<void>;
  /** Sends the run's job (idempotency key = run id) and records the job id; null when it existed. */
  enqueue(runId: string): Promise<string | null>;
  /** Registers a cron job for every enabled schedule and drops the others (at start, after each schedule mutation). */
  syncSchedules(): Promise<void>;
}

export function createTrainingIntegration(jobs: JobQueue, repos: Repositories, log: ApiLogger): TrainingIntegration {
  return {
    trainingQueue: TRAINING_QUEUE,
    prepareQueues: () => ensureTrainingQueues(jobs),
    enqueue: (runId) => enqueueTrainingRun(jobs, repos.runs, runId),
    async syncSchedules() {
      const result = await syncSchedules(repos, jobs);
      for (const failure of result.failed) log.error(`schedule ${failure.scheduleId} could not be registered: ${failure.error}`);
    },
  };
}
