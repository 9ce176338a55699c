import { tf, type Tensor2D } from '../tf.js';
import { describeEachBackend, expectNoTensorLeak, relativeVectorError, testMatrix } from '../testing/backends.test-util.js';
import { columnMeans } from './column-means.js';

function means64(x: number[][]): number[] {
  return x[0].map((_, j) => x.reduce((sum, row) => sum + row[j], 0) / x.length);
}

describeEachBackend('columnMeans', () => {
  it.each([
    [1, 5],
    [7, 3],
    [512, 128],
    [256, 784],
  ])('matches float64 column means of a %i×%i matrix, shape [1, cols]', async (rows, cols) => {
    const x = testMatrix(rows, cols, rows + cols);
    const actual = await expectNoTensorLeak(() => {
      const xt = tf.tensor2d(x);
      const means = columnMeans(xt);
      const result = { shape: means.shape, values: Array.from(means.dataSync()) };
      tf.dispose([xt, means]);
      return result;
    });
    expect(actual.shape).toEqual([1, cols]);
    expect(relativeVectorError(actual.values, means64(x))).toBeLessThan(1e-5);
  });

  it('passes each column its upstream gradient divided by the row count, to every row', async () => {
    const rows = 40;
    const cols = 6;
    const weights = testMatrix(1, cols, 9)[0];
    const gradient = await expectNoTensorLeak(() =>
      tf.tidy(() => {
        const w = tf.tensor2d([weights]);
        const f = (x: tf.Tensor) => tf.sum(tf.mul(columnMeans(x as Tensor2D), w));
        return Array.from(tf.grad(f)(tf.tensor2d(testMatrix(rows, cols, 4))).dataSync());
      }),
    );
    const expected = Array.from({ length: rows }, () => weights.map((w) => w / rows)).flat();
    expect(relativeVectorError(gradient, expected)).toBeLessThan(1e-6);
  });

  it('refuses a matrix with no rows', () => {
    const empty = tf.zeros([0, 3]) as Tensor2D;
    expect(() => columnMeans(empty)).toThrow('column means of a matrix with no rows');
    empty.dispose();
  });
});
