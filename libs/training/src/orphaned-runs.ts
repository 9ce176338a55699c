import type { Run } from '@hsic/contracts';
import type { JobQueue } from '@hsic/jobs';
import type { RunsRepository } from '@hsic/persistence';

/**
 * Fails RUNNING runs that nobody will finish: their worker stopped reporting long ago and their queue job
 * is over (its retries used up by crashes, or gone). Runs whose job is still waiting or active are left to
 * the queue, which resumes them. Returns the runs it failed.
 */
export async function failOrphanedRuns(runs: RunsRepository, queue: JobQueue, options: { readonly staleAfterMs: number; readonly now?: Date }): Promise<Run[]> {
  const before = new Date((options.now ?? new Date()).getTime() - options.staleAfterMs);
  const failed: Run[] = [];
  for (const run of await runs.listStale(before)) {
    const job = run.jobId ? await queue.getJob(run.jobId) : null;
    if (job && (job.state === 'queued' || job.state === 'retry' || job.state === 'active')) continue;
    const why = job ? `its job ended ${job.state}${job.error ? ` (${job.error})` : ''}` : 'it has no queue job';
    try {
      failed.push(await runs.fail(run.id, `the worker stopped reporting and ${why}: no attempt is left to resume it`));
    } catch {
      // It moved on meanwhile (a worker took it): nothing to do.
    }
  }
  return failed;
}
