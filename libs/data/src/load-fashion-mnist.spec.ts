import { join } from 'node:path';
import { DatasetNotFoundError } from './errors.js';
import { loadDataset } from './dataset-registry.js';
import { makeTempDir, writeMnistFormatFiles } from './test-fixtures.test-util.js';

// The loader on generated files in Fashion-MNIST's format; the real Debian files are checked by
// fashion-mnist.real-data.spec.ts (`npm run test:real-data`), where they are installed (.ci/run).
describe('fashion-mnist loader', () => {
  it('reads the four IDX files in order, pixels scaled by 1/255, classes named in label order', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      writeMnistFormatFiles(join(dir, 'fmnist'), { train: [9, 0, 0, 3, 0, 2], test: [9, 2, 1, 1] });
      const split = await loadDataset('fashion-mnist', { dataDir: join(dir, 'fmnist') });
      expect([split.train.count, split.test.count]).toEqual([6, 4]);
      expect(split.test.shape).toEqual({ height: 28, width: 28, channels: 1 });
      expect(Array.from(split.train.labels)).toEqual([9, 0, 0, 3, 0, 2]);
      expect(Array.from(split.test.labels)).toEqual([9, 2, 1, 1]);
      // patternPixels: pixel (i, r, c) = (i·7 + r·3 + c) mod 256, so image 1's first pixel is 7 and image 0's (0, 0) is 0.
      expect(split.train.images[784]).toBeCloseTo(7 / 255, 6);
      expect(Math.min(...split.train.images.subarray(0, 784))).toBe(0);
      expect(Math.max(...split.train.images)).toBeCloseTo((5 * 7 + 27 * 3 + 27) / 255, 6);
      expect(split.train.classNames).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    } finally {
      cleanup();
    }
  });

  it('explains how to obtain the data when the directory has no files', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const error = await loadDataset('fashion-mnist', { dataDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatasetNotFoundError);
      const message = (error as Error).message;
      expect(message).toContain(`Fashion-MNIST not found`);
      expect(message).toContain(`${dir} (no files)`);
      expect(message).toContain('apt-get install dataset-fashion-mnist');
      expect(message).toContain(`hsic download fashion-mnist --data-dir ${dir}`);
      expect(message).toContain(`downloadDataset('fashion-mnist', "${dir}")`);
      expect((error as DatasetNotFoundError).searched).toEqual([dir]);
    } finally {
      cleanup();
    }
  });
});
