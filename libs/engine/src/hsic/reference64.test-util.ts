// A float64 reference of the reference implementation's formulas (right-centred K·H, explicit
// inverses), written independently of the engine so the tests compare against the definition.
import { invertSpd64 } from '../linalg/cholesky64.js';

type Matrix = number[][];

const matmul = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));

export function gaussianKernel64(x: Matrix, sigma: number): Matrix {
  const d = x[0].length;
  return x.map((xi) =>
    x.map((xj) => {
      const dist = Math.abs(xi.reduce((s, v) => s + v * v, 0) - 2 * xi.reduce((s, v, k) => s + v * xj[k], 0) + xj.reduce((s, v) => s + v * v, 0));
      return Math.exp(-dist / (2 * sigma * sigma * d));
    }),
  );
}

function rightCentre(k: Matrix): Matrix {
  const m = k.length;
  return k.map((row) => {
    const mean = row.reduce((s, v) => s + v, 0) / m;
    return row.map((v) => v - mean);
  });
}

export function generalInverse(a: Matrix): Matrix {
  // Gauss–Jordan with partial pivoting: K·H + λI is not symmetric.
  const n = a.length;
  const aug = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(aug[r][c]) > Math.abs(aug[p][c])) p = r;
    [aug[c], aug[p]] = [aug[p], aug[c]];
    const pivot = aug[c][c];
    for (let j = 0; j < 2 * n; j++) aug[c][j] /= pivot;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = aug[r][c];
      for (let j = 0; j < 2 * n; j++) aug[r][j] -= f * aug[c][j];
    }
  }
  return aug.map((row) => row.slice(n));
}

function projection64(x: Matrix, sigma: number, epsilon: number): Matrix {
  const m = x.length;
  const kc = rightCentre(gaussianKernel64(x, sigma));
  const ridged = kc.map((row, i) => row.map((v, j) => v + (i === j ? epsilon * m : 0)));
  return matmul(kc, generalInverse(ridged));
}

export function nhsic64(x: Matrix, y: Matrix, sigma: number, epsilon = 1e-5): number {
  const rx = projection64(x, sigma, epsilon);
  const ry = projection64(y, sigma, epsilon);
  let s = 0;
  for (let i = 0; i < rx.length; i++) for (let j = 0; j < rx.length; j++) s += rx[i][j] * ry[j][i];
  return s;
}

export function oneHot64(labels: number[], classes: number): Matrix {
  return labels.map((l) => Array.from({ length: classes }, (_, c) => (c === l ? 1 : 0)));
}

/** Central finite differences of f at z, step h. */
export function numericGradient(f: (z: Matrix) => number, z: Matrix, h = 1e-6): Matrix {
  return z.map((row, i) =>
    row.map((_, j) => {
      const plus = z.map((r) => [...r]);
      const minus = z.map((r) => [...r]);
      plus[i][j] += h;
      minus[i][j] -= h;
      return (f(plus) - f(minus)) / (2 * h);
    }),
  );
}

export { invertSpd64 };
