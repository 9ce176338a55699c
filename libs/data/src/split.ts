import type { ImageSet } from './dataset-types.js';
import { subset } from './image-set.js';
import { shuffledIndices } from './shuffle.js';

export interface TrainTest {
  readonly train: ImageSet;
  readonly test: ImageSet;
}

/**
 * Shuffles by seed, then the first count - testCount shuffled images become train and the
 * last testCount become test. Both halves keep the shuffled order, so training on them is
 * already "shuffled once" without further work.
 */
export function splitTrainTest(set: ImageSet, testCount: number, seed: number): TrainTest {
  if (!Number.isInteger(testCount) || testCount < 0 || testCount > set.count) {
    throw new RangeError(`splitTrainTest: testCount must be an integer in 0..${set.count}, got ${testCount}`);
  }
  const order = shuffledIndices(set.count, seed);
  const trainCount = set.count - testCount;
  return {
    train: subset(set, order.subarray(0, trainCount)),
    test: subset(set, order.subarray(trainCount)),
  };
}
