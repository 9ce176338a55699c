// The single import point for TensorFlow.js inside the engine. Importing the union package (not
// tfjs-core alone) matters: in Node only the union package registers the gradient functions.
import * as tf from '@tensorflow/tfjs';

export { tf };
export type Tensor = tf.Tensor;
export type Tensor1D = tf.Tensor1D;
export type Tensor2D = tf.Tensor2D;
export type Tensor4D = tf.Tensor4D;
export type Variable = tf.Variable;

/**
 * tf.tidy for functions returning structured results (objects of tensors and numbers): tfjs
 * keeps every tensor reachable from the result, but its typing only admits index-signature types.
 */
export function tidyObject<T>(fn: () => T): T {
  return tf.tidy(fn as () => tf.TensorContainer) as T;
}

/** A variable from an initial value that is then released (tf.variable alone keeps both alive). */
export function variableOf(initial: () => tf.Tensor, trainable: boolean): tf.Variable {
  return tf.tidy(() => tf.variable(initial(), trainable));
}
