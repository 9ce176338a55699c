import { tf, type Tensor2D } from '../tf.js';
import { invertSpd64 } from './cholesky64.js';
import { extractBlock, hostMatrix, multiplyHost, placeBlock, transposeHost, type HostMatrix } from './host-blocks.js';

/** Blocks at or below this size are inverted in float64 on the host; above it, tfjs matmuls do the work. */
const HOST_BLOCK = 64;

/**
 * Inverse of a symmetric positive-definite matrix by recursive 2×2 block inversion (a block
 * Cholesky in disguise: every Schur complement of an SPD matrix is SPD, so no pivoting is needed).
 * About 4/3·n³ flops, almost all in large matmuls that every tfjs backend runs fast. Blocks are cut
 * and assembled on the host with row copies: tfjs's slice, concat and transpose kernels cost more
 * than the matmuls here (wasm runs them element by element in JS), and transposed matmuls leave
 * XNNPACK's fast path. The ridge is added in float64 at the leaves only, so the diagonal blocks and
 * Schur complements never round it into float32, which matters when it is as small as the
 * eigenvalues it lifts.
 */
function blockedInverse(b: HostMatrix, ridge: number): HostMatrix {
  const n = b.rows;
  if (n <= HOST_BLOCK) {
    const host = new Float64Array(b.data);
    for (let i = 0; i < n; i++) host[i * n + i] += ridge;
    return hostMatrix(n, n, new Float32Array(invertSpd64(host, n)));
  }
  const k = splitPoint(n);
  // B is symmetric, so B21 = B12ᵀ is cut rather than transposed. Symmetry is never enforced
  // afterwards: the Cholesky leaves read lower triangles only, and rounding-level asymmetry is harmless.
  const b12 = extractBlock(b, 0, k, k, n - k);
  const b21 = extractBlock(b, k, 0, n - k, k);
  const p = blockedInverse(extractBlock(b, 0, 0, k, k), ridge);
  const xT = multiplyHost(b21, p); // (P·B12)ᵀ, since P and B are symmetric
  const schur = extractBlock(b, k, k, n - k, n - k);
  const correction = multiplyHost(xT, b12);
  subtractInPlace(schur.data, correction.data);
  const q = blockedInverse(schur, ridge);
  const yT = multiplyHost(q, xT); // (X·Q)ᵀ
  const topLeft = multiplyHost(transposeHost(xT), yT);
  subtractInPlace(topLeft.data, p.data, -1);
  const result = hostMatrix(n, n);
  placeBlock(result, topLeft, 0, 0);
  placeBlock(result, transposeHost(yT), 0, k, -1);
  placeBlock(result, yT, k, 0, -1);
  placeBlock(result, q, k, k);
  return result;
}

function subtractInPlace(target: Float32Array, values: Float32Array, sign = 1): void {
  for (let i = 0; i < target.length; i++) target[i] -= sign * values[i];
}

/** Halves, rounded to a multiple of the host block so the leaves stay dense and equal-sized. */
function splitPoint(n: number): number {
  const half = Math.ceil(n / 2 / HOST_BLOCK) * HOST_BLOCK;
  return half < n ? half : Math.ceil(n / 2);
}

function assertSquare(b: tf.Tensor): asserts b is Tensor2D {
  if (b.rank !== 2 || b.shape[0] !== b.shape[1]) {
    throw new Error(`spdInverse expects a square matrix, got shape [${b.shape.join(', ')}]`);
  }
}

/**
 * (B + ridge·I)⁻¹ without gradient bookkeeping, for hot paths that derive their own gradient.
 * B + ridge·I must be symmetric positive definite.
 */
export function spdInverseNoGrad(b: Tensor2D, ridge = 0): Tensor2D {
  assertSquare(b);
  const n = b.shape[0];
  return tf.tensor2d(spdInverseHost(hostMatrix(n, n, b.dataSync() as Float32Array), ridge).data, [n, n]);
}

/** (B + ridge·I)⁻¹ for a matrix already on the host, for callers that keep their m×m work there. */
export function spdInverseHost(b: HostMatrix, ridge = 0): HostMatrix {
  if (b.rows !== b.cols) throw new Error(`spdInverse expects a square matrix, got shape [${b.rows}, ${b.cols}]`);
  return blockedInverse(b, ridge);
}

/**
 * Differentiable A = (B + ridge·I)⁻¹ for SPD B + ridge·I. Its gradient with respect to B is −A·Ḡ·A
 * (from dA = −A·dB·A), valid for any upstream gradient Ḡ, symmetric or not.
 */
export function spdInverse(b: Tensor2D, ridge = 0): Tensor2D {
  assertSquare(b);
  return differentiableInverse(b, ridge) as Tensor2D;
}

function differentiableInverse(b: Tensor2D, ridge: number): tf.Tensor {
  return tf.customGrad((...args: unknown[]) => inverseWithGradient(args[0] as Tensor2D, args[1] as tf.GradSaveFunc, ridge))(b);
}

function inverseWithGradient(b: Tensor2D, save: tf.GradSaveFunc, ridge: number) {
  const a = spdInverseNoGrad(b, ridge);
  save([a]);
  return {
    value: a,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const inv = saved[0] as Tensor2D;
      return tf.neg(tf.matMul(tf.matMul(inv, dy as Tensor2D), inv));
    },
  };
}

/** Solves (B + ridge·I)·X = R for SPD B + ridge·I; differentiable in B and R. */
export function spdSolve(b: Tensor2D, r: Tensor2D, ridge = 0): Tensor2D {
  return tf.tidy(() => tf.matMul(spdInverse(b, ridge), r));
}
