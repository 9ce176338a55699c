import { createImageSet } from './image-set.js';
import { shuffledIndices } from './shuffle.js';
import { splitTrainTest } from './split.js';

/** shuffledIndices(10, 1234), cross-checked against the published mulberry32 + Fisher–Yates from the end. */
const PINNED_1234_OF_10 = [1, 3, 2, 4, 5, 9, 8, 7, 6, 0];

/** 50 one-pixel images whose pixel value encodes the image index, so provenance is checkable. */
function indexedSet(n = 50) {
  return createImageSet({
    images: Float32Array.from({ length: n }, (_, i) => i / 1000),
    labels: Uint8Array.from({ length: n }, (_, i) => i % 10),
    shape: { height: 1, width: 1, channels: 1 },
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  });
}

describe('shuffledIndices', () => {
  it('returns a permutation of 0..n-1', () => {
    const order = shuffledIndices(1000, 3);
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(order)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('is fixed by the seed', () => {
    expect(shuffledIndices(100, 1234)).toEqual(shuffledIndices(100, 1234));
    expect(shuffledIndices(100, 1234)).not.toEqual(shuffledIndices(100, 1235));
    // Pinned so a change of PRNG or of the Fisher–Yates direction is noticed.
    expect(Array.from(shuffledIndices(10, 1234))).toEqual(PINNED_1234_OF_10);
  });

  it('handles the edge sizes and rejects bad ones', () => {
    expect(shuffledIndices(0, 1)).toHaveLength(0);
    expect(Array.from(shuffledIndices(1, 1))).toEqual([0]);
    expect(() => shuffledIndices(-1, 1)).toThrow('non-negative integer');
  });
});

describe('splitTrainTest', () => {
  it('splits into disjoint train/test covering every image, carrying labels along', () => {
    const set = indexedSet();
    const { train, test } = splitTrainTest(set, 12, 99);
    expect(train.count).toBe(38);
    expect(test.count).toBe(12);
    const origin = (value: number): number => Math.round(value * 1000);
    const ids = [...Array.from(train.images, origin), ...Array.from(test.images, origin)];
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    train.images.forEach((value, k) => expect(train.labels[k]).toBe(origin(value) % 10));
    test.images.forEach((value, k) => expect(test.labels[k]).toBe(origin(value) % 10));
  });

  it('is deterministic by seed', () => {
    const set = indexedSet();
    expect(splitTrainTest(set, 10, 5).test.images).toEqual(splitTrainTest(set, 10, 5).test.images);
    expect(splitTrainTest(set, 10, 5).test.images).not.toEqual(splitTrainTest(set, 10, 6).test.images);
  });

  it('rejects impossible test sizes', () => {
    expect(() => splitTrainTest(indexedSet(), 51, 1)).toThrow('testCount must be an integer in 0..50, got 51');
  });
});
