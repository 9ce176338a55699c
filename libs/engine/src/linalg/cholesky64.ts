/**
 * Dense symmetric positive-definite inversion in float64, for the small diagonal blocks of the
 * blocked inverse. Double precision here is what keeps the float32 blocked algorithm accurate:
 * the ridge λ = 1e-5·m is of the order of the smallest eigenvalues of the centred kernels.
 */
export class NotPositiveDefiniteError extends Error {
  constructor(readonly pivot: number, readonly value: number) {
    super(`matrix is not positive definite: pivot ${pivot} is ${value}`);
    this.name = 'NotPositiveDefiniteError';
  }
}

/** Overwrites the lower triangle of `a` (row-major n×n) with its Cholesky factor L, a = L·Lᵀ. */
export function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let diag = a[rowJ + j];
    for (let k = 0; k < j; k++) diag -= a[rowJ + k] * a[rowJ + k];
    if (!(diag > 0)) throw new NotPositiveDefiniteError(j, diag);
    const ljj = Math.sqrt(diag);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j];
      for (let k = 0; k < j; k++) s -= a[rowI + k] * a[rowJ + k];
      a[rowI + j] = s / ljj;
    }
  }
}

/** Returns the inverse of the symmetric positive-definite n×n matrix `a` (row-major). */
export function invertSpd64(a: Float64Array, n: number): Float64Array {
  const l = Float64Array.from(a);
  choleskyInPlace(l, n);
  // W = L⁻¹ (lower triangular), by forward substitution column by column.
  const w = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    w[j * n + j] = 1 / l[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * n + k] * w[k * n + j];
      w[i * n + j] = s / l[i * n + i];
    }
  }
  // B⁻¹ = Wᵀ·W, symmetric: fill the lower triangle and mirror it.
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += w[k * n + i] * w[k * n + j];
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  }
  return inv;
}
