import { countByClass, createImageSet, featureSize, subset, takeFirst } from './image-set.js';

const CLASSES = ['a', 'b', 'c'];

/** 4 images of 1x2x1 where image i holds [i, i + 0.5] / 10. */
function tinySet() {
  return createImageSet({
    images: Float32Array.from([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35]),
    labels: Uint8Array.from([2, 0, 1, 2]),
    shape: { height: 1, width: 2, channels: 1 },
    classNames: CLASSES,
  });
}

describe('ImageSet helpers', () => {
  it('createImageSet derives count and checks sizes and labels', () => {
    expect(tinySet().count).toBe(4);
    expect(() =>
      createImageSet({ images: new Float32Array(7), labels: new Uint8Array(4), shape: { height: 1, width: 2, channels: 1 }, classNames: CLASSES }),
    ).toThrow('Image buffer holds 7 values but 4 labels of 1x2x1 need 8');
    expect(() =>
      createImageSet({ images: new Float32Array(2), labels: Uint8Array.of(3), shape: { height: 1, width: 2, channels: 1 }, classNames: CLASSES }),
    ).toThrow('Label 3 at index 0 is outside the 3 classes');
    expect(() =>
      createImageSet({ images: new Float32Array(0), labels: new Uint8Array(0), shape: { height: 0, width: 2, channels: 1 }, classNames: CLASSES }),
    ).toThrow('Invalid image shape');
  });

  it('featureSize is h * w * c', () => {
    expect(featureSize(tinySet())).toBe(2);
    expect(featureSize({ shape: { height: 32, width: 32, channels: 3 } })).toBe(3072);
  });

  it('subset copies the chosen images in the given order', () => {
    const set = tinySet();
    const picked = subset(set, [3, 1]);
    expect(picked.count).toBe(2);
    expect(Array.from(picked.images)).toEqual([0.3, 0.35, 0.1, 0.15].map(Math.fround));
    expect(Array.from(picked.labels)).toEqual([2, 0]);
    picked.images[0] = 9;
    expect(set.images[6]).toBeCloseTo(0.3);
    expect(() => subset(set, [4])).toThrow('subset: index 4 is outside 0..3');
  });

  it('takeFirst keeps a prefix and tolerates n beyond count', () => {
    const set = tinySet();
    const first = takeFirst(set, 2);
    expect(first.count).toBe(2);
    expect(Array.from(first.labels)).toEqual([2, 0]);
    expect(first.images).toHaveLength(4);
    expect(takeFirst(set, 10).count).toBe(4);
    expect(takeFirst(set, 0).count).toBe(0);
    expect(() => takeFirst(set, -1)).toThrow('non-negative integer');
  });

  it('countByClass counts every class, including empty ones', () => {
    expect(countByClass(tinySet())).toEqual([1, 1, 2]);
    expect(countByClass(takeFirst(tinySet(), 1))).toEqual([0, 0, 1]);
  });
});
