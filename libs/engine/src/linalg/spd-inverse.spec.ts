import { tf, type Tensor2D } from '../tf.js';
import { describeEachBackend, expectNoTensorLeak, relativeVectorError, testMatrix } from '../testing/backends.test-util.js';
import { generalInverse } from '../hsic/reference64.test-util.js';
import { invertSpd64 } from './cholesky64.js';
import { spdInverse, spdInverseNoGrad, spdSolve } from './spd-inverse.js';

/** A random SPD matrix G·Gᵀ/n + shift·I, as nested arrays (float64). */
function spdMatrix(n: number, seed: number, shift: number): number[][] {
  const g = testMatrix(n, n, seed);
  return g.map((gi, i) => g.map((gj, j) => gi.reduce((s, v, k) => s + v * gj[k], 0) / n + (i === j ? shift : 0)));
}

function inverse64(b: number[][]): number[][] {
  const n = b.length;
  const inv = invertSpd64(Float64Array.from(b.flat()), n);
  return Array.from({ length: n }, (_, i) => Array.from(inv.subarray(i * n, (i + 1) * n)));
}

describeEachBackend('spdInverse', () => {
  it.each([8, 64, 100, 300])('matches a float64 inverse at n = %i (host and blocked paths)', async (n) => {
    const b = spdMatrix(n, n, 0.05);
    const expected = inverse64(b).flat();
    const actual = await expectNoTensorLeak(() => {
      const bt = tf.tensor2d(b);
      const a = spdInverseNoGrad(bt);
      const values = Array.from(a.dataSync());
      tf.dispose([a, bt]);
      return values;
    });
    expect(relativeVectorError(actual, expected)).toBeLessThan(1e-4);
  });

  it('adds the ridge exactly: (B + r·I)⁻¹', () => {
    const b = spdMatrix(130, 3, 0.01);
    const ridged = b.map((row, i) => row.map((v, j) => v + (i === j ? 0.25 : 0)));
    const a = spdInverseNoGrad(tf.tensor2d(b), 0.25);
    expect(relativeVectorError(a.dataSync(), inverse64(ridged).flat())).toBeLessThan(1e-5);
  });

  it('has the gradient of finite differences (float64) for f(B) = Σ W∘B⁻¹', () => {
    const n = 6;
    const b = spdMatrix(n, 11, 0.5);
    const w = testMatrix(n, n, 5);
    // A general inverse: finite differences perturb one entry at a time, leaving B unsymmetric.
    const f = (m: number[][]) => generalInverse(m).reduce((s, row, i) => s + row.reduce((t, v, j) => t + v * w[i][j], 0), 0);
    const h = 1e-6;
    const numeric = b.map((row, i) =>
      row.map((_, j) => {
        const plus = b.map((r) => [...r]);
        const minus = b.map((r) => [...r]);
        plus[i][j] += h;
        minus[i][j] -= h;
        return (f(plus) - f(minus)) / (2 * h);
      }),
    );
    const grad = tf.grad((bt: tf.Tensor) => tf.sum(tf.mul(spdInverse(bt as Tensor2D), tf.tensor2d(w))))(tf.tensor2d(b));
    expect(relativeVectorError(grad.dataSync(), numeric.flat())).toBeLessThan(1e-4);
  });

  it('solves and differentiates through the right-hand side', () => {
    const n = 70;
    const b = spdMatrix(n, 7, 0.2);
    const r = testMatrix(n, 3, 9);
    const x = spdSolve(tf.tensor2d(b), tf.tensor2d(r));
    const residual = tf.sub(tf.matMul(tf.tensor2d(b), x), tf.tensor2d(r));
    expect(tf.norm(residual).dataSync()[0] / tf.norm(tf.tensor2d(r)).dataSync()[0]).toBeLessThan(1e-4);
    // d/dR Σ(B⁻¹R) = B⁻¹·1 1ᵀ, i.e. each column is B⁻¹ applied to the ones vector.
    const grad = tf.grad((rt: tf.Tensor) => tf.sum(spdSolve(tf.tensor2d(b), rt as Tensor2D)))(tf.tensor2d(r));
    const ones = inverse64(b).map((row) => row.reduce((s, v) => s + v, 0));
    const column0 = (grad.arraySync() as number[][]).map((row) => row[0]);
    expect(relativeVectorError(column0, ones)).toBeLessThan(1e-4);
  });

  it('rejects a non-square matrix', () => {
    expect(() => spdInverseNoGrad(tf.zeros([3, 4]) as Tensor2D)).toThrow(/square matrix.*\[3, 4\]/);
  });
});
