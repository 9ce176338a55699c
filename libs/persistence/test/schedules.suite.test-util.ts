import { AlreadyExistsError, NotFoundError } from '../src/index.js';
import { aDataset, aRunInput, aTrainingConfig, uniqueName } from './builders.test-util.js';
import type { GetContext } from './suite-context.test-util.js';

export function describeSchedules(context: GetContext): void {
  describe('schedules repository', () => {
    let datasetName: string;
    beforeAll(async () => {
      [{ name: datasetName }] = await context().repos.datasets.upsertMany([aDataset()]);
    });
    const aSchedule = () => ({ name: uniqueName('nightly'), cron: '0 3 * * *', datasetName, config: aTrainingConfig(), modelName: uniqueName('model') });

    it('creates, reads, updates and deletes schedules', async () => {
      const { schedules } = context().repos;
      const input = aSchedule();
      const created = await schedules.create(input);
      expect(created).toMatchObject({ ...input, alias: 'production', enabled: true, lastFiredAt: null });
      expect(await schedules.getByName(input.name)).toEqual(created);

      const updated = await schedules.update(created.id, { cron: '30 2 * * 1', enabled: false, config: aTrainingConfig({ seed: 7 }) });
      expect(updated).toMatchObject({ cron: '30 2 * * 1', enabled: false, config: { seed: 7 }, name: input.name });
      expect((await schedules.list({ enabled: false })).map((s) => s.id)).toContain(created.id);
      expect((await schedules.list({ enabled: true })).map((s) => s.id)).not.toContain(created.id);

      await schedules.delete(created.id);
      expect(await schedules.get(created.id)).toBeNull();
      await expect(schedules.delete(created.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(schedules.update(created.id, { enabled: true })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('changes only the fields an update names: a cron edit keeps a paused schedule paused and its alias', async () => {
      const { schedules } = context().repos;
      const created = await schedules.create({ ...aSchedule(), alias: 'staging', enabled: false, actor: 'admin key' });
      expect(created).toMatchObject({ createdBy: 'admin key', updatedBy: null });
      const updated = await schedules.update(created.id, { cron: '15 1 * * *', actor: 'ops key' });
      expect(updated).toMatchObject({ cron: '15 1 * * *', enabled: false, alias: 'staging', config: created.config, createdBy: 'admin key', updatedBy: 'ops key' });
    });

    it('refuses a second schedule with the same name', async () => {
      const { schedules } = context().repos;
      const input = aSchedule();
      await schedules.create(input);
      await expect(schedules.create({ ...input, cron: '* * * * *' })).rejects.toBeInstanceOf(AlreadyExistsError);
    });

    it('never moves lastFiredAt backwards', async () => {
      const { schedules } = context().repos;
      const { id } = await schedules.create(aSchedule());
      await schedules.markFired(id, new Date('2026-11-27T03:00:00Z'));
      await schedules.markFired(id, new Date('2026-11-26T03:00:00Z'));
      expect((await schedules.get(id))?.lastFiredAt).toEqual(new Date('2026-11-27T03:00:00Z'));
    });

    it('records one decision per tick: a repeated tick gets the first decision back', async () => {
      const { repos } = context();
      const schedule = await repos.schedules.create(aSchedule());
      const run = await repos.runs.create(aRunInput(datasetName));
      const tickAt = new Date('2026-11-27T03:00:00Z');
      const first = await repos.schedules.recordDecision({
        scheduleId: schedule.id, tickAt, runId: run.id, candidateAccuracy: 0.93, currentAccuracy: 0.9, promoted: true, reason: 'better by 0.03',
      });
      const repeat = await repos.schedules.recordDecision({
        scheduleId: schedule.id, tickAt, runId: run.id, candidateAccuracy: 0.93, currentAccuracy: 0.93, promoted: false, reason: 'not better',
      });
      expect(first.created).toBe(true);
      expect(repeat).toEqual({ decision: first.decision, created: false });
      expect(await repos.schedules.getDecision(schedule.id, tickAt)).toEqual(first.decision);

      await repos.schedules.recordDecision({ scheduleId: schedule.id, tickAt: new Date('2026-11-28T03:00:00Z'), promoted: false, reason: 'previous run still going' });
      expect((await repos.schedules.listDecisions(schedule.id)).map((d) => d.reason)).toEqual(['previous run still going', 'better by 0.03']);

      await repos.schedules.delete(schedule.id);
      expect(await repos.schedules.getDecision(schedule.id, tickAt)).toBeNull();
      expect((await repos.runs.getOrThrow(run.id)).id).toBe(run.id); // runs outlive their schedule
    });
  });
}
