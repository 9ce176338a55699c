import { tf, type Tensor2D } from '../tf.js';
import { spdInverse } from '../linalg/spd-inverse.js';
import { centredGaussianKernel } from './kernel.js';

/** The reference's ridge factor: λ = ε·m. It sets the scale of nHSIC, so it is not a free knob. */
export const DEFAULT_EPSILON = 1e-5;

export function ridge(batchSize: number, epsilon = DEFAULT_EPSILON): number {
  return epsilon * batchSize;
}

/** R = S·(S + λI)⁻¹ = I − λ·(S + λI)⁻¹ for a centred kernel S. Differentiable. */
export function kernelProjection(centred: Tensor2D, lambda: number): Tensor2D {
  return tf.tidy(() => {
    const eye = tf.eye(centred.shape[0]);
    return tf.sub(eye, tf.mul(spdInverse(centred, lambda), lambda));
  });
}

/**
 * Normalised HSIC (NOCCO), the quantity the HSIC bottleneck trains: tr(R_x·R_y).
 * Differentiable in both arguments; the training loop uses a faster hand-derived gradient
 * (see layer-objective.ts) that this function is the reference for.
 */
export function nhsic(x: Tensor2D, y: Tensor2D, sigma: number, epsilon = DEFAULT_EPSILON): tf.Scalar {
  assertSameRows(x, y);
  return tf.tidy(() => {
    const lambda = ridge(x.shape[0], epsilon);
    const rx = kernelProjection(centredGaussianKernel(x, sigma).centred, lambda);
    const ry = kernelProjection(centredGaussianKernel(y, sigma).centred, lambda);
    return tf.sum(tf.mul(rx, ry)) as tf.Scalar;
  });
}

/** Plain biased HSIC as the reference logs it: mean(Kc_x ∘ Kc_yᵀ) = tr(K_x·H·K_y·H)/m². */
export function hsicPlain(x: Tensor2D, y: Tensor2D, sigma: number): tf.Scalar {
  assertSameRows(x, y);
  return tf.tidy(() => {
    const sx = centredGaussianKernel(x, sigma).centred;
    const sy = centredGaussianKernel(y, sigma).centred;
    return tf.mean(tf.mul(sx, sy)) as tf.Scalar;
  });
}

/** CKA-style normalisation HSIC(x,y)/√(HSIC(x,x)·HSIC(y,y)), in [0, 1]; for monitoring only. */
export function hsicCka(x: Tensor2D, y: Tensor2D, sigma: number): tf.Scalar {
  assertSameRows(x, y);
  return tf.tidy(() => {
    const sx = centredGaussianKernel(x, sigma).centred;
    const sy = centredGaussianKernel(y, sigma).centred;
    const xy = tf.sum(tf.mul(sx, sy));
    const xx = tf.sum(tf.mul(sx, sx));
    const yy = tf.sum(tf.mul(sy, sy));
    return tf.div(xy, tf.sqrt(tf.mul(xx, yy))) as tf.Scalar;
  });
}

export function oneHot(labels: ArrayLike<number>, classes: number): Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), classes).toFloat() as Tensor2D);
}

function assertSameRows(x: Tensor2D, y: Tensor2D): void {
  if (x.shape[0] !== y.shape[0]) {
    throw new Error(`HSIC needs paired samples: ${x.shape[0]} rows vs ${y.shape[0]} rows`);
  }
}
