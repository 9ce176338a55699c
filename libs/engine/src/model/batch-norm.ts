import { tf, variableOf, type Tensor } from '../tf.js';

export type NormMode = 'train' | 'eval';

/** Batch statistics of one forward pass, kept so running averages can be folded in later. */
export interface BatchStats {
  readonly mean: Tensor;
  /** Biased variance, the one used to normalise. */
  readonly variance: Tensor;
  readonly count: number;
}

/**
 * BatchNorm without affine parameters (the HSIC blocks have none), PyTorch semantics:
 * eps 1e-5, running averages with momentum 0.1 and the unbiased variance n/(n−1).
 * Normalisation and running-average updates are separate so a trainer decides how many
 * forward passes feed the running statistics (the reference feeds L+1 per minibatch).
 */
export class BatchNorm {
  readonly runningMean: tf.Variable;
  readonly runningVar: tf.Variable;

  constructor(
    readonly name: string,
    readonly features: number,
    /** Axes reduced for the statistics: [0] for dense, [0, 1, 2] for NHWC conv maps. */
    readonly axes: readonly number[],
    readonly epsilon = 1e-5,
    readonly momentum = 0.1,
  ) {
    // Unnamed: tfjs registers variable names globally, and two networks may coexist.
    this.runningMean = variableOf(() => tf.zeros([features]), false);
    this.runningVar = variableOf(() => tf.ones([features]), false);
  }

  normalize(x: Tensor, mode: NormMode): { output: Tensor; stats?: BatchStats } {
    if (mode === 'eval') {
      const output = tf.tidy(() =>
        tf.div(tf.sub(x, this.runningMean), tf.sqrt(tf.add(this.runningVar, this.epsilon))),
      );
      return { output };
    }
    const { mean, variance } = tf.moments(x, [...this.axes]);
    const output = tf.tidy(() => tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.epsilon))));
    const count = this.axes.reduce((n, axis) => n * x.shape[axis], 1);
    return { output, stats: { mean, variance, count } };
  }

  accumulate(stats: BatchStats): void {
    const unbias = stats.count > 1 ? stats.count / (stats.count - 1) : 1;
    tf.tidy(() => {
      const keep = 1 - this.momentum;
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, keep), tf.mul(stats.mean, this.momentum)));
      this.runningVar.assign(tf.add(tf.mul(this.runningVar, keep), tf.mul(stats.variance, this.momentum * unbias)));
    });
  }

  get variables(): tf.Variable[] {
    return [this.runningMean, this.runningVar];
  }

  namedVariables(): [string, tf.Variable][] {
    return [
      [`${this.name}/running_mean`, this.runningMean],
      [`${this.name}/running_var`, this.runningVar],
    ];
  }
}

export function disposeStats(stats: readonly (BatchStats | undefined)[]): void {
  for (const s of stats) if (s) tf.dispose([s.mean, s.variance]);
}
