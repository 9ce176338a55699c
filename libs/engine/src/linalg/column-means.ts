import { tf, type Tensor2D } from '../tf.js';

/**
 * Means of a matrix's columns, shape [1, cols], differentiable.
 *
 * On wasm, a reduction over axis 0 transposes the whole matrix first, and a product with a row of
 * ones makes XNNPACK pack the matrix as a fresh right operand on every call (0.27 ms for 512×128,
 * 1.9 ms for 512×784 on 2 threads here); an average pool over the rows, viewed as one image of
 * rows×1 pixels with cols channels, reads it once (0.014 and 0.039 ms). The pool's own gradient
 * kernel on wasm is a scalar loop (12 ms for 256×128), and so is Tile (2.3 ms), so the gradient is
 * a broadcast product: every row receives upstream/rows. The cpu backend's pooling is a scalar loop
 * about twice as slow as its matmul, so every other backend keeps the product.
 */
export function columnMeans(x: Tensor2D): Tensor2D {
  const rows = x.shape[0];
  if (rows === 0) throw new Error('column means of a matrix with no rows');
  if (tf.getBackend() !== 'wasm') return tf.tidy(() => tf.div(tf.matMul(tf.ones([1, rows]), x), rows));
  return pooledColumnMeans(x) as Tensor2D;
}

const pooledColumnMeans = tf.customGrad((...args: unknown[]) => {
  const x = args[0] as Tensor2D;
  const [rows, cols] = x.shape;
  const value = tf.tidy(() => tf.reshape(tf.avgPool(tf.reshape(x, [1, rows, 1, cols]) as tf.Tensor4D, [rows, 1], 1, 'valid'), [1, cols]));
  return { value, gradFunc: (dy: tf.Tensor) => tf.mul(tf.fill([rows, 1], 1 / rows), dy) };
});
