import { NoPreviousVersionError, NotFoundError } from '../src/index.js';
import { aDataset, aRunInput, someBytes, uniqueName } from './builders.test-util.js';
import type { GetContext } from './suite-context.test-util.js';

export function describeModels(context: GetContext): void {
  describe('models repository', () => {
    let datasetName: string;
    beforeAll(async () => {
      [{ name: datasetName }] = await context().repos.datasets.upsertMany([aDataset()]);
    });

    /** A finished run's final checkpoint registered as the next version of `modelName`. */
    async function registerVersion(modelName: string, accuracy: number, seed: number) {
      const { repos } = context();
      const run = await repos.runs.create(aRunInput(datasetName, { modelName }));
      const checkpoint = await repos.checkpoints.saveFinal({ runId: run.id, role: 'hsic', phase: 'format', bytes: someBytes(256, seed) });
      return repos.models.addVersion({ modelName, runId: run.id, checkpointId: checkpoint.id, kind: 'format', testAccuracy: accuracy, datasetName });
    }

    it('numbers versions 1, 2, 3 and returns the same version when a checkpoint is registered again', async () => {
      const { models } = context().repos;
      const name = uniqueName('digits');
      const v1 = await registerVersion(name, 0.9, 1);
      const v2 = await registerVersion(name, 0.91, 2);
      expect([v1.version, v2.version]).toEqual([1, 2]);
      const again = await models.addVersion({
        modelName: name, runId: v2.runId, checkpointId: v2.checkpointId, kind: 'format', testAccuracy: 0.91, datasetName,
      });
      expect(again).toEqual(v2);
      expect((await models.listVersions(name)).map((v) => v.version)).toEqual([2, 1]);
      await expect(models.listVersions(uniqueName('no-such-model'))).rejects.toBeInstanceOf(NotFoundError);
      await models.createOrGet(uniqueName('empty')).then((empty) => expect(models.listVersions(empty.name)).resolves.toEqual([]));
      expect(await models.get(name)).toMatchObject({ name, latestVersion: 2, aliases: {} });
    });

    it('gives concurrent registrations distinct consecutive numbers', async () => {
      const name = uniqueName('busy');
      await context().repos.models.createOrGet(name);
      const versions = await Promise.all([1, 2, 3, 4].map((seed) => registerVersion(name, 0.5, seed)));
      expect(versions.map((v) => v.version).sort()).toEqual([1, 2, 3, 4]);
    });

    it('promotes an alias and rolls it back version by version through its history', async () => {
      const { models } = context().repos;
      const name = uniqueName('digits');
      for (const [i, accuracy] of [0.8, 0.85, 0.9].entries()) await registerVersion(name, accuracy, 10 + i);

      await models.setAlias(name, 'production', 1);
      await models.setAlias(name, 'production', 2, 'promote', 'release key');
      expect(await models.setAlias(name, 'production', 3, 'schedule', 'schedule nightly')).toMatchObject({ alias: 'production', version: 3 });
      expect(await models.get(name)).toMatchObject({ aliases: { production: 3 } });
      expect((await models.getVersion(name, 3))?.aliases).toEqual(['production']);

      expect((await models.rollbackAlias(name, 'production', 'ops key')).version).toBe(2);
      expect((await models.rollbackAlias(name, 'production')).version).toBe(1);
      await expect(models.rollbackAlias(name, 'production')).rejects.toBeInstanceOf(NoPreviousVersionError);
      expect((await models.getAlias(name, 'production'))?.version).toBe(1);
      await models.setAlias(name, 'canary', 3);
      expect((await models.listAliases(name)).map((a) => [a.alias, a.version])).toEqual([
        ['canary', 3],
        ['production', 1],
      ]);
      expect(await models.listAliases(uniqueName('no-such-model'))).toEqual([]);

      const history = await models.aliasHistory(name, 'production');
      expect(history.map((e) => [e.reason, e.fromVersion, e.toVersion, e.actor])).toEqual([
        ['promote', null, 1, null],
        ['promote', 1, 2, 'release key'],
        ['schedule', 2, 3, 'schedule nightly'],
        ['rollback', 3, 2, 'ops key'],
        ['rollback', 2, 1, null],
      ]);
    });

    it('records nothing when an alias is set to the version it already points at', async () => {
      const { models } = context().repos;
      const name = uniqueName('digits');
      await registerVersion(name, 0.8, 20);
      await models.setAlias(name, 'staging', 1);
      await models.setAlias(name, 'staging', 1);
      expect(await models.aliasHistory(name, 'staging')).toHaveLength(1);
    });

    it('resolves the latest version, a version number or an alias to verified checkpoint bytes', async () => {
      const { models } = context().repos;
      const name = uniqueName('digits');
      await registerVersion(name, 0.8, 31);
      await registerVersion(name, 0.9, 32);
      await models.setAlias(name, 'production', 1);

      const bytesOf = async (ref: { name: string; version?: number; alias?: string }) => {
        const resolved = await models.resolve(ref);
        return [resolved.version.version, Buffer.from(resolved.checkpoint.bytes).equals(Buffer.from(someBytes(256, 30 + resolved.version.version)))];
      };
      expect(await bytesOf({ name })).toEqual([2, true]);
      expect(await bytesOf({ name, version: 1 })).toEqual([1, true]);
      expect(await bytesOf({ name, alias: 'production' })).toEqual([1, true]);
    });

    it('reports unknown models, versions and aliases as not found', async () => {
      const { models } = context().repos;
      const name = uniqueName('digits');
      await expect(models.resolve({ name })).rejects.toBeInstanceOf(NotFoundError);
      await models.createOrGet(name, 'empty so far');
      await expect(models.resolve({ name })).rejects.toThrow(/model version .* not found/);
      await registerVersion(name, 0.7, 40);
      await expect(models.resolve({ name, version: 9 })).rejects.toBeInstanceOf(NotFoundError);
      await expect(models.resolve({ name, alias: 'production' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(models.setAlias(name, 'production', 9)).rejects.toBeInstanceOf(NotFoundError);
      await expect(models.rollbackAlias(name, 'production')).rejects.toBeInstanceOf(NotFoundError);
      expect(await models.get(name)).toMatchObject({ description: 'empty so far' });
    });
  });
}
