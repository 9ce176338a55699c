/**
 * The element-wise m×m parts of the training objective, fused into single passes on the host.
 * tfjs runs each element-wise op as its own kernel (on wasm a scalar loop plus per-op overhead);
 * here a whole chain is one JavaScript loop, in float64, over data the matmuls left in memory.
 */

export interface HostKernel {
  /** S = H·K·H, row-major m×m. */
  readonly centred: Float32Array;
  /** E = K − 1 = expm1(−t), row-major m×m. */
  readonly kernelMinusOne: Float32Array;
}

/**
 * The centred Gaussian kernel from the Gram matrix of scaled, centred features Zs·Zsᵀ (scaled so
 * that t = D/(2σ²d) = ½·|zs_i − zs_j|²): S = Gram + H·(expm1(−t) + t)·H, the same split as
 * centredGaussianKernel in kernel.ts, with the curvature computed in float64.
 */
/** Below this t, expm1(−t) + t comes from its Taylor series (error < 4e-9 relative), above from expm1. */
const SERIES_LIMIT = 0.1;

// Taylor coefficients of expm1(−t) + t after t²/2, as named constants: V8 folds those, not 1/6 inline.
const C3 = -1 / 6;
const C4 = 1 / 24;
const C5 = -1 / 120;
const C6 = 1 / 720;
const C7 = -1 / 5040;

/** expm1(−t) + t in float64; the series path is about twice as fast as Math.expm1. */
function remainderOf(t: number): number {
  return t < SERIES_LIMIT ? t * t * (0.5 + t * (C3 + t * (C4 + t * (C5 + t * (C6 + t * C7))))) : Math.expm1(-t) + t;
}

export function centredKernelFromGram(gram: Float32Array, m: number): HostKernel {
  const norms = new Float64Array(m);
  for (let i = 0; i < m; i++) norms[i] = gram[i * m + i];
  // The first pass evaluates the remainder r = expm1(−t) + t once per entry: E = r − t goes straight
  // to its output and r waits in float64 for the centring pass. Row-major throughout: sequential
  // access beats exploiting symmetry with strided writes.
  const remainders = new Float64Array(m * m);
  const kernelMinusOne = new Float32Array(m * m);
  const rowMeans = new Float64Array(m);
  let total = 0;
  for (let i = 0; i < m; i++) {
    const ni = norms[i];
    const row = i * m;
    let sum = 0;
    for (let j = 0; j < m; j++) {
      const t = 0.5 * Math.abs(ni + norms[j] - 2 * gram[row + j]);
      const r = remainderOf(t);
      remainders[row + j] = r;
      kernelMinusOne[row + j] = r - t;
      sum += r;
    }
    rowMeans[i] = sum / m;
    total += sum;
  }
  const grand = total / (m * m);
  const centred = new Float32Array(m * m);
  for (let i = 0; i < m; i++) {
    const row = i * m;
    const shift = grand - rowMeans[i];
    for (let j = 0; j < m; j++) centred[row + j] = gram[row + j] + remainders[row + j] + shift - rowMeans[j];
  }
  return { centred, kernelMinusOne };
}

/** Σ a∘b and Σ a∘c in float64, in one pass over a. */
export function frobeniusDots(a: Float32Array, b: Float32Array, c: Float32Array): [number, number] {
  let sb = 0;
  let sc = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    sb += v * b[i];
    sc += v * c[i];
  }
  return [sb, sc];
}

/**
 * From G = λ·A·M·A (symmetric up to rounding): C = (H·G·H) ∘ E and the row sums of C.
 * The explicit centring matters: G is centred only in exact arithmetic, and its entries of
 * order β/λ leave float32 residues that the parity tests detect.
 */
export function centredCurvature(g: Float32Array, kernelMinusOne: Float32Array, m: number): { curvature: Float32Array; rowSums: Float32Array } {
  const rowMeans = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += g[i * m + j];
    rowMeans[i] = s / m;
  }
  let grand = 0;
  for (let i = 0; i < m; i++) grand += rowMeans[i];
  grand /= m;
  const curvature = new Float32Array(m * m);
  const rowSums = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    const ri = rowMeans[i] - grand;
    for (let j = 0; j < m; j++) {
      const k = i * m + j;
      const c = (g[k] - ri - rowMeans[j]) * kernelMinusOne[k];
      curvature[k] = c;
      s += c;
    }
    rowSums[i] = s;
  }
  return { curvature, rowSums };
}

/** I − λ·A, row-major, for a projection R = S·(S + λI)⁻¹ = I − λ(S + λI)⁻¹. */
export function projectionFromInverse(inverse: Float32Array, m: number, lambda: number): Float32Array {
  const r = new Float32Array(m * m);
  for (let k = 0; k < r.length; k++) r[k] = -lambda * inverse[k];
  for (let i = 0; i < m; i++) r[i * m + i] += 1;
  return r;
}
