import { tf, variableOf, type Tensor } from '../tf.js';
import { columnMeans } from '../linalg/column-means.js';

export type NormMode = 'train' | 'eval';

/** Batch statistics of one forward pass, kept so running averages can be folded in later. */
export interface BatchStats {
  readonly mean: Tensor;
  /** Biased variance, the one used to normalise. */
  readonly variance: Tensor;
  readonly count: number;
}

/**
 * BatchNorm, PyTorch semantics: eps 1e-5, running averages with momentum 0.1 and the unbiased variance n/(n−1);
 * affine parameters (scale γ = 1, shift β = 0 at first) only when asked for: the reference's HSIC blocks have none.
 * Normalisation and running-average updates are separate so a trainer decides how many
 * forward passes feed the running statistics (the reference feeds L+1 per minibatch).
 */
export class BatchNorm {
  readonly runningMean: tf.Variable;
  readonly runningVar: tf.Variable;
  /** γ and β, trainable; absent unless affine. */
  readonly scale?: tf.Variable;
  readonly shift?: tf.Variable;

  constructor(
    readonly name: string,
    readonly features: number,
    /** Axes reduced for the statistics: [0] for dense, [0, 1, 2] for NHWC conv maps. */
    readonly axes: readonly number[],
    affine = false,
    readonly epsilon = 1e-5,
    readonly momentum = 0.1,
  ) {
    // Unnamed: tfjs registers variable names globally, and two networks may coexist.
    this.runningMean = variableOf(() => tf.zeros([features]), false);
    this.runningVar = variableOf(() => tf.ones([features]), false);
    if (affine) {
      this.scale = variableOf(() => tf.ones([features]), true);
      this.shift = variableOf(() => tf.zeros([features]), true);
    }
  }

  /** γ∘n + β, or n itself without affine parameters. */
  affine(normalized: Tensor): Tensor {
    return this.scale && this.shift ? tf.add(tf.mul(normalized, this.scale), this.shift) : normalized;
  }

  /** The trainable γ and β under PyTorch's names (none without affine parameters). */
  namedParameters(): [string, tf.Variable][] {
    return this.scale && this.shift ? [[`${this.name}/weight`, this.scale], [`${this.name}/bias`, this.shift]] : [];
  }

  normalize(x: Tensor, mode: NormMode): { output: Tensor; stats?: BatchStats; invStd?: Tensor } {
    if (mode === 'eval') {
      const output = tf.tidy(() =>
        tf.div(tf.sub(x, this.runningMean), tf.sqrt(tf.add(this.runningVar, this.epsilon))),
      );
      return { output };
    }
    const { mean, variance } = tf.tidy(() => batchMoments(x, this.features));
    const invStd = tf.rsqrt(tf.add(variance, this.epsilon));
    const output = tf.mul(tf.sub(x, mean), invStd);
    const count = this.axes.reduce((n, axis) => n * x.shape[axis], 1);
    return { output, stats: { mean, variance, count }, invStd };
  }

  accumulate(stats: BatchStats): void {
    this.accumulateSequence([stats]);
  }

  /**
   * Folds several passes' statistics in, in order, with one host round trip: the reference feeds
   * L+1 passes per minibatch, and per-pass tensor updates would cost more than the passes.
   */
  accumulateSequence(sequence: readonly BatchStats[]): void {
    if (sequence.length === 0) return;
    const mean = Float64Array.from(this.runningMean.dataSync());
    const variance = Float64Array.from(this.runningVar.dataSync());
    const keep = 1 - this.momentum;
    const read = new Map<BatchStats, [Float32Array, Float32Array]>();
    for (const stats of sequence) {
      let values = read.get(stats);
      if (!values) {
        values = [stats.mean.dataSync() as Float32Array, stats.variance.dataSync() as Float32Array];
        read.set(stats, values);
      }
      const unbias = stats.count > 1 ? stats.count / (stats.count - 1) : 1;
      for (let f = 0; f < this.features; f++) {
        mean[f] = keep * mean[f] + this.momentum * values[0][f];
        variance[f] = keep * variance[f] + this.momentum * unbias * values[1][f];
      }
    }
    tf.tidy(() => {
      this.runningMean.assign(tf.tensor1d(Float32Array.from(mean)));
      this.runningVar.assign(tf.tensor1d(Float32Array.from(variance)));
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

/**
 * Back through a train-mode (batch-statistics, non-affine) normalisation by hand, for any layout whose
 * features are the last axis: Ḡx = (Ḡn − mean(Ḡn) − n∘mean(Ḡn∘n))·invStd, means over every other axis.
 */
export function normalizeGradient(gradNormalized: Tensor, normalized: Tensor, invStd: Tensor): Tensor {
  return tf.tidy(() => {
    const features = normalized.shape[normalized.rank - 1];
    const rows = (t: Tensor) => tf.reshape(t, [-1, features]) as tf.Tensor2D;
    const meanGrad = columnMeans(rows(gradNormalized));
    const meanGradN = columnMeans(rows(tf.mul(gradNormalized, normalized)));
    const flat = tf.mul(tf.sub(tf.sub(rows(gradNormalized), meanGrad), tf.mul(rows(normalized), meanGradN)), invStd);
    return tf.reshape(flat, normalized.shape);
  });
}

export function disposeStats(stats: readonly (BatchStats | undefined)[]): void {
  for (const s of stats) if (s) tf.dispose([s.mean, s.variance]);
}

/**
 * Mean and biased variance per feature (the last axis) over every other axis, by columnMeans:
 * tf.moments reduces over axis 0, which the wasm backend does by transposing first.
 */
function batchMoments(x: Tensor, features: number): { mean: Tensor; variance: Tensor } {
  const rows = tf.reshape(x, [-1, features]) as tf.Tensor2D;
  const mean = columnMeans(rows);
  const variance = columnMeans(tf.square(tf.sub(rows, mean)) as tf.Tensor2D);
  return { mean: tf.reshape(mean, [features]), variance: tf.reshape(variance, [features]) };
}
