import { ManualClock } from '../testing/manual-clock.js';
import { CronScheduler, type ScheduleEntry } from './cron-scheduler.js';

const at = (iso: string) => new Date(iso);

describe('CronScheduler', () => {
  function setup(start = '2026-11-27T02:58:30Z') {
    const clock = new ManualClock(at(start));
    const fired: string[] = [];
    let failNext = false;
    const errors: unknown[] = [];
    const scheduler = new CronScheduler(
      clock,
      async (entry: ScheduleEntry, tick: Date) => {
        if (failNext) {
          failNext = false;
          throw new Error('database unreachable');
        }
        fired.push(`${entry.name}->${entry.queue}@${tick.toISOString()}`);
      },
      (error) => errors.push(error),
    );
    return { clock, fired, errors, scheduler, failOnce: () => (failNext = true) };
  }

  it('fires each tick once, at its minute, for every registered schedule', async () => {
    const { clock, fired, scheduler } = setup();
    scheduler.set('every-minute', 'ticks', '* * * * *', {});
    scheduler.set('nightly', 'train', '0 3 * * *', {});
    await clock.advanceTo(at('2026-11-27T03:01:30Z'));
    expect(fired).toEqual([
      'every-minute->ticks@2026-11-27T02:59:00.000Z',
      'every-minute->ticks@2026-11-27T03:00:00.000Z',
      'nightly->train@2026-11-27T03:00:00.000Z',
      'every-minute->ticks@2026-11-27T03:01:00.000Z',
    ]);
  });

  it('does not fire a tick from before the schedule was registered, nor one twice', async () => {
    const { clock, fired, scheduler } = setup('2026-11-27T03:00:20Z');
    scheduler.set('nightly', 'train', '0 3 * * *', {});
    await scheduler.tick();
    await clock.advanceTo(at('2026-11-27T03:05:00Z'));
    await scheduler.tick();
    expect(fired).toEqual([]);
  });

  it('retries a tick whose send failed at the next wake-up', async () => {
    const { clock, fired, errors, scheduler, failOnce } = setup();
    scheduler.set('nightly', 'train', '59 2 * * *', {});
    failOnce();
    await clock.advanceTo(at('2026-11-27T02:59:30Z'));
    expect(errors).toHaveLength(1);
    await clock.advanceTo(at('2026-11-27T03:00:30Z'));
    expect(fired).toEqual(['nightly->train@2026-11-27T02:59:00.000Z']);
  });

  it('sends only the latest of several missed ticks', async () => {
    const { fired, scheduler } = setup();
    scheduler.set('every-minute', 'ticks', '* * * * *', {});
    await scheduler.tick(at('2026-11-27T03:10:10Z'));
    expect(fired).toEqual(['every-minute->ticks@2026-11-27T03:10:00.000Z']);
  });

  it('stops firing a schedule once it is removed, and everything once stopped', async () => {
    const { clock, fired, scheduler } = setup();
    scheduler.set('a', 'q', '* * * * *', {});
    scheduler.set('b', 'q', '* * * * *', {});
    scheduler.delete('a');
    await clock.advanceTo(at('2026-11-27T02:59:30Z'));
    scheduler.stop();
    await clock.advanceTo(at('2026-11-27T03:05:30Z'));
    expect(fired).toEqual(['b->q@2026-11-27T02:59:00.000Z']);
  });

  it('rejects a bad cron expression when the schedule is registered', () => {
    expect(() => setup().scheduler.set('bad', 'q', '61 * * * *', {})).toThrow(/minute: .*value 61/);
  });
});
