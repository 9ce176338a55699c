import { tf, type Tensor2D } from '../tf.js';
import { spdInverseNoGrad } from '../linalg/spd-inverse.js';
import { centre, centreColumns, centredGaussianKernel, kernelDenominator } from './kernel.js';
import { DEFAULT_EPSILON, ridge } from './estimators.js';

export interface ObjectiveSettings {
  readonly sigma: number;
  readonly beta: number;
  readonly epsilon?: number;
}

/**
 * What the HSIC objective needs of one minibatch, independent of any layer: the projections R_x,
 * R_y and the combined target M = R_x − β·R_y. Computed once per batch and shared by every layer,
 * and reusable across epochs when batches do not change.
 */
export interface BatchTargets {
  readonly size: number;
  readonly lambda: number;
  readonly beta: number;
  readonly sigma: number;
  readonly rx: Tensor2D;
  readonly ry: Tensor2D;
  readonly target: Tensor2D;
  /** λ·M, the factor the gradient uses. */
  readonly scaledTarget: Tensor2D;
  readonly traceRx: number;
  readonly traceRy: number;
  dispose(): void;
}

function projectionNoGrad(centred: Tensor2D, lambda: number): Tensor2D {
  return tf.tidy(() => {
    const eye = tf.eye(centred.shape[0]);
    const inv = spdInverseNoGrad(centred, lambda);
    return tf.sub(eye, tf.mul(inv, lambda));
  });
}

function trace(a: Tensor2D): number {
  return tf.tidy(() => tf.sum(tf.mul(a, tf.eye(a.shape[0]))).dataSync()[0]);
}

export function prepareBatchTargets(input: Tensor2D, labelsOneHot: Tensor2D, settings: ObjectiveSettings): BatchTargets {
  const size = input.shape[0];
  const lambda = ridge(size, settings.epsilon ?? DEFAULT_EPSILON);
  const [rx, ry, target, scaledTarget] = tf.tidy(() => {
    const rxT = projectionNoGrad(centredGaussianKernel(input, settings.sigma).centred, lambda);
    const ryT = projectionNoGrad(centredGaussianKernel(labelsOneHot, settings.sigma).centred, lambda);
    const m = tf.sub(rxT, tf.mul(ryT, settings.beta));
    return [rxT, ryT, m, tf.mul(m, lambda)] as Tensor2D[];
  });
  return {
    size,
    lambda,
    beta: settings.beta,
    sigma: settings.sigma,
    rx,
    ry,
    target,
    scaledTarget,
    traceRx: trace(rx),
    traceRy: trace(ry),
    dispose: () => tf.dispose([rx, ry, target, scaledTarget]),
  };
}

export interface LayerObjective {
  /** nHSIC(Z, X). */
  readonly nhsicX: number;
  /** nHSIC(Z, Y). */
  readonly nhsicY: number;
  /** nHSIC(Z, X) − β·nHSIC(Z, Y). */
  readonly loss: number;
  /** ∂loss/∂Z, m×d; the caller owns and disposes it. */
  readonly gradient: Tensor2D;
}

/**
 * Value and gradient of L = tr(R_z·M) for one layer output Z, with one SPD inversion:
 *   A = (S_z + λI)⁻¹,  L = tr(M) − λ·tr(A·M),  G = ∂L/∂S_z = λ·A·M·A,
 * then back through the kernel by hand. With S_z = Zs·Zsᵀ + H·(expm1(−t) + t)·H (kernel.ts) and
 * E = expm1(−t):  ∂L/∂Zc ∝ G·Zc + (G∘E)·Zc − rowsum(G∘E)∘Zc.
 * G is centred in exact arithmetic (A·1 = 1/λ, M·1 = 0) but not in float32, where its entries of
 * order β/λ cancel; it is centred explicitly, which the parity tests show is needed.
 * Autodiff through the same chain costs about a third more and keeps every m×m intermediate alive.
 */
export function layerObjective(z: Tensor2D, targets: BatchTargets): LayerObjective {
  if (z.shape[0] !== targets.size) {
    throw new Error(`layer output has ${z.shape[0]} rows but the batch has ${targets.size}`);
  }
  const { lambda } = targets;
  const denominator = kernelDenominator(targets.sigma, z.shape[1]);
  const [values, gradient] = tf.tidy(() => {
    const { centred, kernelMinusOne } = centredGaussianKernel(z, targets.sigma);
    const inverse = spdInverseNoGrad(centred, lambda);
    const traceARx = tf.sum(tf.mul(inverse, targets.rx));
    const traceARy = tf.sum(tf.mul(inverse, targets.ry));
    const scaledTarget = targets.scaledTarget;
    // G·Zc is formed thin-first, A·(λM·(A·Zc)): Zc lies mostly in the top eigenvectors of S, where
    // A is small, so this order avoids cancelling entries of order β/λ. The full G is still needed
    // for the curvature part G∘E, which is ~1e-2 smaller.
    const zc = centreColumns(z);
    const mainTerm = tf.matMul(inverse, tf.matMul(scaledTarget, tf.matMul(inverse, zc)));
    const curvature = tf.mul(centre(tf.matMul(tf.matMul(inverse, scaledTarget), inverse) as Tensor2D), kernelMinusOne);
    const product = tf.add(mainTerm, tf.sub(tf.matMul(curvature, zc), tf.mul(tf.sum(curvature, 1, true), zc)));
    const gradZ = tf.mul(centreColumns(product as Tensor2D), 4 / denominator) as Tensor2D;
    return [tf.stack([traceARx, traceARy]), gradZ] as const;
  });
  const [traceARx, traceARy] = values.dataSync();
  values.dispose();
  const nhsicX = targets.traceRx - lambda * traceARx;
  const nhsicY = targets.traceRy - lambda * traceARy;
  return { nhsicX, nhsicY, loss: nhsicX - targets.beta * nhsicY, gradient };
}
