import { TRAINING_QUEUE, type Run, type TrainingJob } from '@hsic/contracts';
import { jobIdFor, type JobQueue } from '@hsic/jobs';
import type { RunsRepository } from '@hsic/persistence';

/** Job states in which the queue will still hand the run to a worker. */
const LIVE_JOB_STATES = new Set(['queued', 'retry', 'active']);

/**
 * Re-sends the job of QUEUED runs that no live job will start: stored but never sent (the process died
 * between the insert and the send, or the queue was down), or whose job ended without taking the run. Only
 * runs queued for longer than `graceMs`, so a run being sent right now is left to its sender. Idempotent
 * across processes: the new job's key is derived from the run and the job it replaces, so every API and
 * worker running this sends one job. Returns the runs it re-sent.
 */
export async function resendStrandedRuns(
  runs: RunsRepository,
  queue: JobQueue,
  options: { readonly graceMs: number; readonly now?: Date },
): Promise<Run[]> {
  const before = new Date((options.now ?? new Date()).getTime() - options.graceMs);
  const resent: Run[] = [];
  for (const run of await runs.listQueuedSince(before)) {
    const job = run.jobId ? await queue.getJob(run.jobId) : null;
    if (job && LIVE_JOB_STATES.has(job.state)) continue;
    // Never sent: the key every sender of this run uses. Sent, and that job is over: a key of its own.
    const key = run.jobId ? `${run.id}:resend:${run.jobId}` : run.id;
    const jobId = (await queue.send<TrainingJob>(TRAINING_QUEUE, { runId: run.id }, { idempotencyKey: key })) ?? jobIdFor(TRAINING_QUEUE, key);
    if (jobId === run.jobId) continue;
    try {
      resent.push(await runs.setJobId(run.id, jobId));
    } catch {
      // Deleted meanwhile: nothing to repair.
    }
  }
  return resent;
}
