import type { ImageSet } from '@hsic/data';
import { tf, type Tensor2D, type Variable } from '../tf.js';
import { loadBatch, planBatches } from './batches.js';
import type { Sgd } from './sgd.js';

export interface StepResult {
  readonly loss: number;
  readonly accuracy: number;
}

function lossAndHits(logits: Tensor2D, labels: Int32Array): { loss: tf.Scalar; hits: tf.Scalar } {
  const classes = logits.shape[1];
  const labelTensor = tf.tensor1d(labels, 'int32');
  const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(labelTensor, classes), logits) as tf.Scalar;
  const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labelTensor), 'float32')) as tf.Scalar;
  return { loss, hits };
}

/** One SGD step on the mean softmax cross-entropy of `logits()` against integer labels. */
export function crossEntropyStep(logits: () => Tensor2D, labels: Int32Array, variables: readonly Variable[], sgd: Sgd): StepResult {
  // The hit count is computed inside the tape to reuse the logits; a kept tensor outlives every
  // tidy, so it is disposed by hand.
  let kept: tf.Scalar | undefined;
  const values = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const result = lossAndHits(logits(), labels);
      kept = tf.keep(result.hits);
      return result.loss;
    }, [...variables]);
    sgd.step(variables.map((v) => [v, grads[v.name]] as const));
    return tf.stack([value, kept as tf.Scalar]);
  });
  kept?.dispose();
  const [loss, hits] = values.dataSync();
  values.dispose();
  return { loss, accuracy: hits / labels.length };
}

export interface Evaluation {
  /** Fraction of samples classified correctly (every sample weighs the same). */
  readonly accuracy: number;
  readonly loss: number;
}

/** Accuracy and mean cross-entropy of a classifier over a whole set. */
export function evaluateClassifier(logits: (x: Tensor2D) => Tensor2D, set: ImageSet, chunk = 1000): Evaluation {
  let hits = 0;
  let lossSum = 0;
  for (const indices of planBatches(set.count, 0, { batchSize: chunk, shuffle: false, seed: 0 })) {
    const batch = loadBatch(set, indices);
    const values = tf.tidy(() => {
      const r = lossAndHits(logits(batch.x), batch.labels);
      return tf.stack([tf.mul(r.loss, indices.length), r.hits]);
    });
    const [l, h] = values.dataSync();
    lossSum += l;
    hits += h;
    tf.dispose([values, batch.x]);
  }
  return { accuracy: hits / set.count, loss: lossSum / set.count };
}

/** The same over precomputed features held in memory. */
export function evaluateOnFeatures(logits: (x: Tensor2D) => Tensor2D, features: Float32Array, labels: Uint8Array, chunk = 4096): Evaluation {
  const count = labels.length;
  const width = features.length / count;
  return evaluateClassifier(logits, { images: features, labels, count, shape: { height: 1, width, channels: 1 }, classNames: [] }, chunk);
}
