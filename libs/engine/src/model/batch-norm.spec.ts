import { tf } from '../tf.js';
import { describeEachBackend } from '../testing/backends.test-util.js';
import { BatchNorm, disposeStats } from './batch-norm.js';

describeEachBackend('BatchNorm (non-affine, PyTorch semantics)', () => {
  it('normalises with biased batch variance and folds the unbiased one into running statistics', () => {
    const norm = new BatchNorm('bn', 2, [0]);
    const x = tf.tensor2d([
      [1, 10],
      [2, 20],
      [3, 30],
      [6, 60],
    ]);
    const { output, stats } = norm.normalize(x, 'train');
    const col = (output.arraySync() as number[][]).map((r) => r[0]);
    // mean 3, biased variance 3.5
    expect(col[0]).toBeCloseTo((1 - 3) / Math.sqrt(3.5 + 1e-5), 5);
    norm.accumulate(stats!);
    // running_mean = 0.9·0 + 0.1·3; running_var = 0.9·1 + 0.1·(3.5·4/3)
    expect(norm.runningMean.dataSync()[0]).toBeCloseTo(0.3, 6);
    expect(norm.runningVar.dataSync()[0]).toBeCloseTo(0.9 + 0.1 * (3.5 * 4) / 3, 5);
    disposeStats([stats]);
  });

  it('uses running statistics in eval mode and returns no batch statistics', () => {
    const norm = new BatchNorm('bn', 1, [0]);
    norm.runningMean.assign(tf.tensor1d([2]));
    norm.runningVar.assign(tf.tensor1d([4]));
    const { output, stats } = norm.normalize(tf.tensor2d([[4]]), 'eval');
    expect(output.dataSync()[0]).toBeCloseTo(2 / Math.sqrt(4 + 1e-5), 5);
    expect(stats).toBeUndefined();
  });
});
