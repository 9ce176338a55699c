import { listDatasets } from '@hsic/data';
import { aDataset } from './builders.test-util.js';
import type { GetContext } from './suite-context.test-util.js';

export function describeDatasets(context: GetContext): void {
  describe('datasets repository', () => {
    it("records the data library's datasets", async () => {
      const { repos } = context();
      await repos.datasets.upsertMany(listDatasets());
      expect(await repos.datasets.get('mnist-10k')).toMatchObject({
        name: 'mnist-10k',
        trainCount: 8000,
        testCount: 2000,
        shape: { height: 28, width: 28, channels: 1 },
        classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      });
      expect((await repos.datasets.list()).map((d) => d.name)).toEqual(expect.arrayContaining(['mnist-10k', 'cifar10']));
    });

    it('refreshes a dataset that is already recorded', async () => {
      const { repos } = context();
      const dataset = aDataset();
      await repos.datasets.upsertMany([dataset]);
      await repos.datasets.upsertMany([{ ...dataset, description: 'now bigger', trainCount: 800 }]);
      expect(await repos.datasets.get(dataset.name)).toMatchObject({ description: 'now bigger', trainCount: 800 });
    });

    it('answers null for an unknown dataset', async () => {
      expect(await context().repos.datasets.get('no-such-dataset')).toBeNull();
    });
  });
}
