import { invertSpd64 } from '../linalg/cholesky64.js';

/**
 * R_y for one-hot labels without an m×m solve. Through the Gaussian kernel (width σ·√C) one-hot
 * rows are either equal or at squared distance 2, so K = e₀·11ᵀ + (1 − e₀)·YYᵀ with
 * e₀ = exp(−1/(σ²C)), and the centred kernel is exactly S = V·Vᵀ with V = √(1 − e₀)·H·Y (m×C).
 * By the push-through identity R = S(S + λI)⁻¹ = V·(VᵀV + λI)⁻¹·Vᵀ: a C×C inverse.
 * Returns null when the rows are not one-hot, so callers fall back to the general kernel.
 */
export function oneHotProjection(labels: Float32Array, m: number, classes: number, sigma: number, lambda: number): Float32Array | null {
  const classOf = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    let hot = -1;
    for (let c = 0; c < classes; c++) {
      const v = labels[i * classes + c];
      if (v === 1 && hot < 0) hot = c;
      else if (v !== 0) return null;
    }
    if (hot < 0) return null;
    classOf[i] = hot;
  }
  const e0 = Math.exp(-1 / (sigma * sigma * classes));
  const scale = Math.sqrt(1 - e0);
  const counts = new Float64Array(classes);
  for (let i = 0; i < m; i++) counts[classOf[i]]++;
  // V = scale·(Y − 1·pᵀ), p = class frequencies; VᵀV = scale²·(diag(n) − n·nᵀ/m).
  const p = Array.from(counts, (n) => n / m);
  const gram = new Float64Array(classes * classes);
  for (let a = 0; a < classes; a++) {
    for (let b = 0; b < classes; b++) gram[a * classes + b] = scale * scale * ((a === b ? counts[a] : 0) - (counts[a] * counts[b]) / m);
    gram[a * classes + a] += lambda;
  }
  const w = invertSpd64(gram, classes);
  // R_ij = Σ_ab V_ia W_ab V_jb with V_ia = scale·([a = c_i] − p_a); precompute U = V·W (m×C).
  const u = new Float64Array(m * classes);
  for (let i = 0; i < m; i++) {
    for (let b = 0; b < classes; b++) {
      let s = 0;
      for (let a = 0; a < classes; a++) s += ((a === classOf[i] ? 1 : 0) - p[a]) * w[a * classes + b];
      u[i * classes + b] = scale * s;
    }
  }
  const r = new Float32Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let b = 0; b < classes; b++) s += u[i * classes + b] * ((b === classOf[j] ? 1 : 0) - p[b]);
      r[i * m + j] = scale * s;
    }
  }
  return r;
}
