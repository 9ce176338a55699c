import { tf, type Tensor2D } from '../tf.js';
import { columnMeans } from '../linalg/column-means.js';

/**
 * Pairwise squared distances |r_i − 2·x_i·x_j + r_j| in the Gram form (broadcasting the
 * difference allocates m·m·d and is an order of magnitude slower). The absolute value, as in the
 * reference, removes tiny negatives left by rounding.
 */
export function squaredDistances(x: Tensor2D): Tensor2D {
  return tf.tidy((): Tensor2D => {
    // Distances are translation-invariant; centring the columns first shrinks the norms that the
    // Gram form subtracts from each other, and with them the float32 cancellation error.
    x = centreColumns(x);
    const norms = tf.sum(tf.square(x), 1, true);
    const gram = tf.matMul(x, tf.transpose(x));
    return tf.abs(tf.sub(tf.add(norms, tf.transpose(norms)), tf.mul(gram, 2))) as Tensor2D;
  });
}

export function centreColumns(x: Tensor2D): Tensor2D {
  return tf.tidy(() => tf.sub(x, columnMeans(x)));
}

/**
 * Double centring H·K·H in O(m²), H = I − 11ᵀ/m, of a symmetric matrix (every kernel and kernel
 * gradient here is): its column means are its row means, which reduce along the fast axis.
 */
export function centre(k: Tensor2D): Tensor2D {
  return tf.tidy(() => {
    const rowMeans = tf.mean(k, 1, true);
    return tf.add(tf.sub(tf.sub(k, rowMeans), tf.transpose(rowMeans)), tf.mean(rowMeans));
  });
}

/** Denominator 2σ²d of the reference's Gaussian kernel: the bandwidth is σ·√d, d = feature count. */
export function kernelDenominator(sigma: number, features: number): number {
  if (!(sigma > 0)) throw new Error(`kernel sigma must be > 0, got ${sigma}`);
  return 2 * sigma * sigma * features;
}

/**
 * The centred Gaussian kernel S = H·K·H for K = exp(−D/(2σ²d)), in a form that keeps float32
 * precise. The kernel sits within ~1e-3 of 1 at σ ≥ 5, and the eigenvalues that meet the ridge λ
 * come from its second-order part, so S is split into
 *   H(−D/(2σ²d))H = Xc·Xcᵀ/(σ²d)   (exact, from the Gram matrix of the centred features)
 *   H·(expm1(−t) + t)·H            (the curvature, ~t²/2).
 * Summing expm1(−t) + t directly leaves an absolute error of ~2ε·t per entry, below the rounding
 * of S itself (ε·|S|, with |S| ≳ t), so no series is needed.
 * Also returns E = K − 1 for gradient code.
 */
export function centredGaussianKernel(x: Tensor2D, sigma: number): { centred: Tensor2D; kernelMinusOne: Tensor2D } {
  const denominator = kernelDenominator(sigma, x.shape[1]);
  const [centred, kernelMinusOne] = tf.tidy(() => {
    // Scaling before the product folds 2/(2σ²d) into the features, saving one rounding of S.
    const scaled = tf.mul(centreColumns(x), Math.sqrt(2 / denominator));
    const gram = tf.matMul(scaled, tf.transpose(scaled)) as Tensor2D;
    const norms = tf.sum(tf.square(scaled), 1, true);
    const t = tf.mul(tf.abs(tf.sub(tf.add(norms, tf.transpose(norms)), tf.mul(gram, 2))), 0.5) as Tensor2D;
    const remainder = tf.add(tf.expm1(tf.neg(t)), t) as Tensor2D;
    return [tf.add(gram, centre(remainder)), tf.sub(remainder, t)] as Tensor2D[];
  });
  return { centred, kernelMinusOne };
}

/**
 * The reference's fallback when σ is unset: the median of pairwise squared distances (floor 0.01),
 * used as σ with no dimension factor. Returned as the equivalent σ for {@link kernelDenominator}.
 */
export function medianHeuristicSigma(x: Tensor2D): number {
  const d = squaredDistances(x);
  const values = Array.from(d.dataSync()).sort((a, b) => a - b);
  d.dispose();
  const median = Math.max(values[Math.floor(values.length / 2)], 0.01);
  return median / Math.sqrt(x.shape[1]);
}
