import { invertSpd64, NotPositiveDefiniteError } from './cholesky64.js';

describe('invertSpd64', () => {
  it('inverts a symmetric positive-definite matrix', () => {
    const a = Float64Array.from([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
    const inv = invertSpd64(a, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k] * inv[k * 3 + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('rejects a matrix that is not positive definite, naming the pivot', () => {
    const a = Float64Array.from([1, 2, 2, 1]);
    expect(() => invertSpd64(a, 2)).toThrow(NotPositiveDefiniteError);
    expect(() => invertSpd64(a, 2)).toThrow(/pivot 1/);
  });
});
