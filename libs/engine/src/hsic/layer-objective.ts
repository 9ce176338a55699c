import { tf, type Tensor2D } from '../tf.js';
import { hostMatrix } from '../linalg/host-blocks.js';
import { spdInverseHost } from '../linalg/spd-inverse.js';
import { DEFAULT_EPSILON, ridge } from './estimators.js';
import { centredCurvature, centredKernelFromGram, frobeniusDots, projectionFromInverse } from './host-kernel.js';
import { centreColumns, kernelDenominator } from './kernel.js';
import { oneHotProjection } from './label-projection.js';

export interface ObjectiveSettings {
  readonly sigma: number;
  readonly beta: number;
  readonly epsilon?: number;
}

/**
 * What the HSIC objective needs of one minibatch, independent of any layer: the projections
 * R_x, R_y (kept on the host for traces) and λ·M with M = R_x − β·R_y (kept on the backend).
 * Computed once per batch and shared by every layer, and reusable across epochs when batches do not
 * change. The caller disposes them.
 */
export interface BatchTargets {
  readonly size: number;
  readonly lambda: number;
  readonly beta: number;
  readonly sigma: number;
  readonly rx: Float32Array;
  readonly ry: Float32Array;
  /**
   * λ·M, the factor the gradient uses. One tensor for every layer of the batch: wasm's XNNPACK packs
   * a matmul's right operand once per tensor, not once per layer.
   */
  readonly scaledTarget: Tensor2D;
  readonly traceRx: number;
  readonly traceRy: number;
  dispose(): void;
}

/** Gram matrix Zs·Zsᵀ of the centred features scaled by √(2/(2σ²d)), read back to the host. */
function scaledGram(features: Tensor2D, sigma: number): Float32Array {
  const scale = Math.sqrt(2 / kernelDenominator(sigma, features.shape[1]));
  const gram = tf.tidy(() => {
    const scaled = tf.mul(centreColumns(features), scale) as Tensor2D;
    return tf.matMul(scaled, tf.transpose(scaled));
  });
  const values = gram.dataSync() as Float32Array;
  gram.dispose();
  return values;
}

function projection(features: Tensor2D, sigma: number, lambda: number): Float32Array {
  const m = features.shape[0];
  const { centred } = centredKernelFromGram(scaledGram(features, sigma), m);
  return projectionFromInverse(spdInverseHost(hostMatrix(m, m, centred), lambda).data, m, lambda);
}

function trace(a: Float32Array, m: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) s += a[i * m + i];
  return s;
}

export function prepareBatchTargets(input: Tensor2D, labelsOneHot: Tensor2D, settings: ObjectiveSettings): BatchTargets {
  const m = input.shape[0];
  const lambda = ridge(m, settings.epsilon ?? DEFAULT_EPSILON);
  const rx = projection(input, settings.sigma, lambda);
  const classes = labelsOneHot.shape[1];
  const ry = oneHotProjection(labelsOneHot.dataSync() as Float32Array, m, classes, settings.sigma, lambda) ?? projection(labelsOneHot, settings.sigma, lambda);
  const scaled = new Float32Array(m * m);
  for (let k = 0; k < scaled.length; k++) scaled[k] = lambda * (rx[k] - settings.beta * ry[k]);
  const scaledTarget = tf.tensor2d(scaled, [m, m]);
  return {
    size: m,
    lambda,
    beta: settings.beta,
    sigma: settings.sigma,
    rx,
    ry,
    scaledTarget,
    traceRx: trace(rx, m),
    traceRy: trace(ry, m),
    dispose: () => scaledTarget.dispose(),
  };
}

/** How much a layer's output depends on the input and on the labels, in the objective's own terms. */
export interface LayerDependence {
  /** nHSIC(Z, X). */
  readonly nhsicX: number;
  /** nHSIC(Z, Y). */
  readonly nhsicY: number;
  /** nHSIC(Z, X) − β·nHSIC(Z, Y). */
  readonly loss: number;
}

export interface LayerObjective extends LayerDependence {
  /** ∂loss/∂Z, m×d; the caller owns and disposes it. */
  readonly gradient: Tensor2D;
}

/** The centred features held transposed and scaled, the centred kernel, its ridge inverse and the two nHSIC values. */
function dependenceOf(z: Tensor2D, targets: BatchTargets) {
  const m = targets.size;
  if (z.shape[0] !== m) throw new Error(`layer output has ${z.shape[0]} rows but the batch has ${m}`);
  const denominator = kernelDenominator(targets.sigma, z.shape[1]);
  // Zs = √(2/(2σ²d))·Zc is held transposed (d×m) for the thin products: as the left operand of an m×m right
  // one, the matrix XNNPACK packs on every call is m×m instead of m×d (for conv outputs d = 9216, m = 512).
  // The products carry the factor √(2/(2σ²d)) and the assembly takes it out again.
  const zsScale = Math.sqrt(2 / denominator);
  const [zcTransposed, gramTensor] = tf.tidy(() => {
    const scaled = tf.mul(centreColumns(z), zsScale) as Tensor2D;
    const transposed = tf.transpose(scaled);
    return [transposed, tf.matMul(scaled, transposed)];
  });
  const gram = gramTensor.dataSync() as Float32Array;
  gramTensor.dispose();
  const kernel = centredKernelFromGram(gram, m);
  const inverse = spdInverseHost(hostMatrix(m, m, kernel.centred), targets.lambda);
  const [traceARx, traceARy] = frobeniusDots(inverse.data, targets.rx, targets.ry);
  const nhsicX = targets.traceRx - targets.lambda * traceARx;
  const nhsicY = targets.traceRy - targets.lambda * traceARy;
  return { denominator, zsScale, zcTransposed, kernel, inverse, nhsicX, nhsicY, loss: nhsicX - targets.beta * nhsicY };
}

/** The objective's value alone (monitoring): one Gram matrix and one inversion, no gradient. */
export function layerDependence(z: Tensor2D, targets: BatchTargets): LayerDependence {
  const { zcTransposed, nhsicX, nhsicY, loss } = dependenceOf(z, targets);
  zcTransposed.dispose();
  return { nhsicX, nhsicY, loss };
}

/**
 * Value and gradient of L = tr(R_z·M) for one layer output Z, with one SPD inversion:
 *   A = (S_z + λI)⁻¹,  L = tr(M) − λ·tr(A·M),  G = ∂L/∂S_z = λ·A·M·A,
 * then back through the kernel by hand. With S_z = Zs·Zsᵀ + H·(expm1(−t) + t)·H and E = expm1(−t):
 *   ∂L/∂Zc ∝ G·Zc + (HGH∘E)·Zc − rowsum(HGH∘E)∘Zc.
 * Matmuls run on the tfjs backend; the inverse's small blocks and every element-wise m×m chain run
 * fused on the host (host-kernel.ts). Autodiff through the same chain (estimators.ts) is the
 * reference the tests hold this to.
 */
export function layerObjective(z: Tensor2D, targets: BatchTargets): LayerObjective {
  const m = targets.size;
  const d = z.shape[1];
  const { denominator, zsScale, zcTransposed, kernel, inverse, nhsicX, nhsicY, loss } = dependenceOf(z, targets);

  // λAM = A·λM, G = λAM·A, and (G·Zc)ᵀ = (A·Zc)ᵀ·(λAM)ᵀ = (Zcᵀ·A)·(λM·A) (A and M are symmetric), all on the
  // backend: only G and (G·Zc)ᵀ come back. Forming G·Zc this way keeps it clear of the cancellation
  // between entries of order β/λ (Zc lies in S's top eigenvectors, where A is small).
  const [gTensor, gTimesZTensor] = tf.tidy(() => {
    const a = tf.tensor2d(inverse.data, [m, m]);
    const g = tf.matMul(tf.matMul(a, targets.scaledTarget), a);
    return [g, tf.matMul(tf.matMul(zcTransposed, a), tf.matMul(targets.scaledTarget, a))];
  });
  const g = hostMatrix(m, m, gTensor.dataSync() as Float32Array);
  const gTimesZ = gTimesZTensor.dataSync() as Float32Array;
  tf.dispose([gTensor, gTimesZTensor]);
  const { curvature, rowSums } = centredCurvature(g.data, kernel.kernelMinusOne, m);
  // C is symmetric, so (C·Zc)ᵀ = Zcᵀ·C.
  const curvatureZTensor = tf.tidy(() => tf.matMul(zcTransposed, tf.tensor2d(curvature, [m, m])));
  const curvatureZ = curvatureZTensor.dataSync() as Float32Array;
  const zc = zcTransposed.dataSync() as Float32Array;
  tf.dispose([curvatureZTensor, zcTransposed]);
  // ∂L/∂Z = 4/(2σ²d)·H·(G·Zc + C·Zc − rowsum(C)∘Zc), assembled on the host from the transposed products:
  // row j of each holds feature j over the batch, so H's column centring is a mean along it.
  const gradient = new Float32Array(m * d);
  const scale = 4 / denominator / zsScale;
  const feature = new Float64Array(m);
  for (let j = 0; j < d; j++) {
    const row = j * m;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const v = gTimesZ[row + i] + curvatureZ[row + i] - rowSums[i] * zc[row + i];
      feature[i] = v;
      sum += v;
    }
    const mean = sum / m;
    for (let i = 0; i < m; i++) gradient[i * d + j] = scale * (feature[i] - mean);
  }
  return { nhsicX, nhsicY, loss, gradient: tf.tensor2d(gradient, [m, d]) };
}
