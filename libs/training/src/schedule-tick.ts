import type { Run, Schedule, ScheduleDecision } from '@hsic/contracts';
import { parseCron, type JobQueue } from '@hsic/jobs';
import type { Repositories } from '@hsic/persistence';
import { enqueueTrainingRun } from './queues.js';

export interface ScheduleTickDeps {
  readonly repos: Pick<Repositories, 'runs' | 'schedules'>;
  readonly queue: JobQueue;
  readonly log?: (line: string) => void;
}

export interface ScheduleTick {
  readonly scheduleId: string;
  /** The cron tick (UTC minute) the job was sent for. */
  readonly tickAt: Date;
  /** False for a tick sent by hand ("run now"): it need not match the cron. */
  readonly fromCron: boolean;
}

export type TickOutcome =
  | { readonly kind: 'enqueued'; readonly run: Run; readonly created: boolean }
  | { readonly kind: 'skipped'; readonly reason: string; readonly decision: ScheduleDecision | null };

/** Runs of a schedule that have not ended yet. */
const UNFINISHED = ['QUEUED', 'RUNNING'] as const;
/** How far back the overlap check looks (newest runs of the schedule's model). */
const RECENT_RUNS = 100;

/**
 * One tick of a schedule: creates the tick's run (once per (schedule, tick), however often the tick job is
 * delivered) and sends it to the training queue. The training worker trains it like any run and, because
 * the run carries the tick, passes its new version through the promotion gate and records the decision.
 * A tick that comes while an earlier tick's run is still queued or training starts nothing and records why,
 * so slow training never piles up runs. Ticks of a deleted or disabled schedule, or that no longer match
 * its cron (it was edited after another process registered it), are dropped.
 */
export async function handleScheduleTick(deps: ScheduleTickDeps, tick: ScheduleTick): Promise<TickOutcome> {
  const { runs, schedules } = deps.repos;
  const schedule = await schedules.get(tick.scheduleId);
  if (!schedule) return { kind: 'skipped', reason: `schedule ${tick.scheduleId} no longer exists`, decision: null };
  if (!schedule.enabled) return { kind: 'skipped', reason: `schedule ${schedule.name} is disabled`, decision: null };
  if (tick.fromCron && !parseCron(schedule.cron).matches(tick.tickAt)) {
    return { kind: 'skipped', reason: `tick ${tick.tickAt.toISOString()} does not match the cron '${schedule.cron}' of ${schedule.name} any more`, decision: null };
  }
  await schedules.markFired(schedule.id, tick.tickAt);

  const recent = await recentRunsOf(deps.repos, schedule);
  const own = recent.find((run) => run.scheduledFor?.getTime() === tick.tickAt.getTime());
  if (!own) {
    const earlier = recent.find((run) => (UNFINISHED as readonly string[]).includes(run.status));
    if (earlier) {
      const reason = `skipped: the run ${earlier.id} of the tick at ${earlier.scheduledFor?.toISOString()} is still ${earlier.status}`;
      const { decision } = await schedules.recordDecision({ scheduleId: schedule.id, tickAt: tick.tickAt, runId: null, promoted: false, reason });
      deps.log?.(`schedule ${schedule.name} tick ${tick.tickAt.toISOString()}: ${decision.reason}`);
      return { kind: 'skipped', reason: decision.reason, decision };
    }
  }
  const { run, created } = own
    ? { run: own, created: false }
    : await runs.createForTick({
        scheduleId: schedule.id,
        scheduledFor: tick.tickAt,
        kind: 'PIPELINE',
        datasetName: schedule.datasetName,
        config: schedule.config,
        modelName: schedule.modelName,
        requestedBy: `schedule ${schedule.name}`,
      });
  // Sent again on a redelivered tick: the run id is the idempotency key, so the queue keeps one job.
  if (run.status === 'QUEUED') await enqueueTrainingRun(deps.queue, runs, run.id);
  if (created) deps.log?.(`schedule ${schedule.name} tick ${tick.tickAt.toISOString()}: run ${run.id} queued for model ${schedule.modelName}`);
  return { kind: 'enqueued', run, created };
}

/** The schedule's newest runs (the runs repository filters by model, not by schedule). */
async function recentRunsOf(repos: Pick<Repositories, 'runs'>, schedule: Schedule): Promise<Run[]> {
  const page = await repos.runs.list({ modelName: schedule.modelName }, { limit: RECENT_RUNS });
  return page.items.filter((run) => run.scheduleId === schedule.id);
}

/** The tick of a job sent by hand (no cron tick): the current UTC minute, so a double click is one run. */
export const manualTick = (now: Date): Date => new Date(Math.floor(now.getTime() / 60_000) * 60_000);
