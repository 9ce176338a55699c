import type { ImageSet, ImageShape } from './dataset-types.js';

export interface ImageSetParts {
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  readonly shape: ImageShape;
  readonly classNames: readonly string[];
}

/** Builds an ImageSet after checking that images, labels and shape agree. */
export function createImageSet(parts: ImageSetParts): ImageSet {
  const { images, labels, shape, classNames } = parts;
  const size = shape.height * shape.width * shape.channels;
  if (!(size > 0) || ![shape.height, shape.width, shape.channels].every(Number.isInteger)) {
    throw new RangeError(`Invalid image shape ${JSON.stringify(shape)}`);
  }
  const count = labels.length;
  if (images.length !== count * size) {
    throw new RangeError(
      `Image buffer holds ${images.length} values but ${count} labels of ${shape.height}x${shape.width}x${shape.channels} need ${count * size}`,
    );
  }
  for (let i = 0; i < count; i++) {
    if (labels[i] >= classNames.length) {
      throw new RangeError(`Label ${labels[i]} at index ${i} is outside the ${classNames.length} classes`);
    }
  }
  return { images, labels, count, shape, classNames };
}

/** Values per image (h * w * c): the input width of a dense first layer. */
export function featureSize(set: Pick<ImageSet, 'shape'>): number {
  return set.shape.height * set.shape.width * set.shape.channels;
}

/** Copies the selected images, in the given order, into a new independent set. */
export function subset(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const size = featureSize(set);
  const images = new Float32Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= set.count) {
      throw new RangeError(`subset: index ${i} is outside 0..${set.count - 1}`);
    }
    images.set(set.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = set.labels[i];
  }
  return { images, labels, count: indices.length, shape: set.shape, classNames: set.classNames };
}

/** The first n images (all of them if n >= count), copied so the original buffer can be freed. */
export function takeFirst(set: ImageSet, n: number): ImageSet {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`takeFirst: n must be a non-negative integer, got ${n}`);
  }
  const count = Math.min(n, set.count);
  if (count === set.count) return set;
  const size = featureSize(set);
  return {
    images: set.images.slice(0, count * size),
    labels: set.labels.slice(0, count),
    count,
    shape: set.shape,
    classNames: set.classNames,
  };
}

/** Number of images per class index, length classNames.length. */
export function countByClass(set: ImageSet): number[] {
  const counts = new Array<number>(set.classNames.length).fill(0);
  for (let i = 0; i < set.count; i++) counts[set.labels[i]]++;
  return counts;
}
