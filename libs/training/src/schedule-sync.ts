import { SCHEDULE_TICK_QUEUE, type ScheduleTickJob } from '@hsic/contracts';
import type { JobQueue } from '@hsic/jobs';
import type { Repositories } from '@hsic/persistence';
import { ensureTrainingQueues, scheduleJobName } from './queues.js';

export interface ScheduleSyncResult {
  /** Schedule ids registered or re-registered (new, or their cron changed). */
  readonly registered: string[];
  /** Schedule ids unregistered (deleted or disabled since the last sync). */
  readonly removed: string[];
  /** Schedules whose cron the queue refused (the API validates cron, so this means a bad row). */
  readonly failed: { readonly scheduleId: string; readonly error: string }[];
}

/** What this process registered on each queue, so a sync touches only what changed. */
const registeredCrons = new WeakMap<JobQueue, Map<string, string>>();

/**
 * Makes the queue fire the ticks of exactly the enabled schedules in the database: registers new ones and
 * ones whose cron changed, unregisters deleted and disabled ones. Call it at start-up and after every
 * schedule mutation (the API), and periodically (the worker), so every process picks up changes made
 * elsewhere. Unchanged schedules are left registered as they are: registering again would restart their
 * tick tracking and could drop a tick that is due right now. Every process may register the same
 * schedules; the queue keeps one job per tick.
 */
export async function syncSchedules(repos: Pick<Repositories, 'schedules'>, queue: JobQueue): Promise<ScheduleSyncResult> {
  await ensureTrainingQueues(queue);
  const known = registeredCrons.get(queue) ?? new Map<string, string>();
  registeredCrons.set(queue, known);
  const enabled = await repos.schedules.list({ enabled: true });
  const result: ScheduleSyncResult = { registered: [], removed: [], failed: [] };
  for (const schedule of enabled) {
    if (known.get(schedule.id) === schedule.cron) continue;
    try {
      await queue.schedule<ScheduleTickJob>(scheduleJobName(schedule.id), schedule.cron, { scheduleId: schedule.id }, { queue: SCHEDULE_TICK_QUEUE });
      known.set(schedule.id, schedule.cron);
      result.registered.push(schedule.id);
    } catch (error) {
      result.failed.push({ scheduleId: schedule.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const wanted = new Set(enabled.map((schedule) => schedule.id));
  for (const id of [...known.keys()].filter((id) => !wanted.has(id))) {
    await queue.unschedule(scheduleJobName(id));
    known.delete(id);
    result.removed.push(id);
  }
  return result;
}
