import { shuffledIndices, type ImageSet } from '@hsic/data';
import { tf, type Tensor2D } from '../tf.js';

export interface BatchPlanOptions {
  readonly batchSize: number;
  /** Reshuffle every epoch (seeded by seed + epoch). The reference trains unshuffled. */
  readonly shuffle: boolean;
  readonly seed: number;
  /** Drop a final partial batch. The reference keeps it (e.g. 96 rows at batch 512 on 60k). */
  readonly dropLast?: boolean;
}

/** Sample indices of each batch of one epoch. Unshuffled epochs yield identical plans. */
export function planBatches(count: number, epoch: number, options: BatchPlanOptions): Int32Array[] {
  const order = options.shuffle ? shuffledIndices(count, options.seed + epoch) : null;
  const batches: Int32Array[] = [];
  for (let start = 0; start < count; start += options.batchSize) {
    const end = Math.min(start + options.batchSize, count);
    if (options.dropLast && end - start < options.batchSize) break;
    const indices = new Int32Array(end - start);
    for (let i = 0; i < indices.length; i++) indices[i] = order ? order[start + i] : start + i;
    batches.push(indices);
  }
  return batches;
}

export interface Batch {
  /** Flattened inputs [m, features]. */
  readonly x: Tensor2D;
  readonly labels: Int32Array;
}

/** Copies one batch out of a set; contiguous ranges are a single subarray copy. */
export function loadBatch(set: ImageSet, indices: Int32Array): Batch {
  const features = set.shape.height * set.shape.width * set.shape.channels;
  const m = indices.length;
  const contiguous = m > 0 && indices[m - 1] - indices[0] === m - 1;
  let data: Float32Array;
  if (contiguous) {
    data = set.images.slice(indices[0] * features, (indices[0] + m) * features);
  } else {
    data = new Float32Array(m * features);
    for (let i = 0; i < m; i++) data.set(set.images.subarray(indices[i] * features, (indices[i] + 1) * features), i * features);
  }
  const labels = new Int32Array(m);
  for (let i = 0; i < m; i++) labels[i] = set.labels[indices[i]];
  return { x: tf.tensor2d(data, [m, features]), labels };
}

export function oneHotLabels(labels: Int32Array, classes: number): Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat() as Tensor2D);
}
