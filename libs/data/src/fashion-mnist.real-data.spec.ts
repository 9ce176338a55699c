import type { DatasetSplit } from './dataset-types.js';
import { loadDataset } from './dataset-registry.js';
import { DEBIAN_FASHION_MNIST_DIR } from './data-paths.js';

// The real Debian files (`apt-get install dataset-fashion-mnist`): run by `npm run test:real-data`, which .ci/run
// runs after installing them. The loader itself is tested on generated files by load-fashion-mnist.spec.ts.
describe('fashion-mnist from the Debian package', () => {
  let split: DatasetSplit;
  beforeAll(async () => {
    split = await loadDataset('fashion-mnist', { dataDir: DEBIAN_FASHION_MNIST_DIR });
  });

  it('has the canonical 60,000 / 10,000 images of 28x28x1', () => {
    expect(split.train.count).toBe(60000);
    expect(split.test.count).toBe(10000);
    expect(split.train.images).toHaveLength(60000 * 784);
    expect(split.test.shape).toEqual({ height: 28, width: 28, channels: 1 });
    expect(split.source).toBe(DEBIAN_FASHION_MNIST_DIR);
  });

  it('keeps the canonical, unshuffled order', () => {
    expect(Array.from(split.train.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(Array.from(split.test.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
  });

  it('is balanced (6,000 / 1,000 per class) with pixels scaled to [0, 1]', () => {
    const counts = new Array<number>(10).fill(0);
    for (const label of split.train.labels) counts[label]++;
    expect(counts).toEqual(new Array<number>(10).fill(6000));
    let max = 0;
    let min = 1;
    for (const v of split.test.images) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    expect([min, max]).toEqual([0, 1]);
  });

  it('names the classes in label order', () => {
    expect(split.train.classNames).toEqual([
      'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
    ]);
  });
});
