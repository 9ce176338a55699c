import { tf, variableOf, type Tensor2D, type Variable } from '../tf.js';
import type { HsicNetwork } from './network.js';

/**
 * σ-combined features: the nets' last outputs averaged, then standardised. The reference
 * standardises with the statistics of whatever batch it is given (a fresh BatchNorm per call),
 * which makes a prediction depend on its batch-mates; here the statistics are fitted once on the
 * training set and stored, so single images can be served.
 */
export class EnsembleFeatures {
  readonly mean: Variable;
  readonly std: Variable;

  constructor(readonly nets: readonly HsicNetwork[]) {
    const width = nets[0].outputSize;
    if (nets.some((n) => n.outputSize !== width)) throw new Error('σ-combined nets must share their output width');
    this.mean = variableOf(() => tf.zeros([width]), false);
    this.std = variableOf(() => tf.ones([width]), false);
  }

  get outputSize(): number {
    return this.nets[0].outputSize;
  }

  averaged(x: Tensor2D): Tensor2D {
    return tf.tidy(() => tf.div(tf.addN(this.nets.map((n) => n.features(x))), this.nets.length) as Tensor2D);
  }

  features(x: Tensor2D): Tensor2D {
    return tf.tidy(() => tf.div(tf.sub(this.averaged(x), this.mean), this.std) as Tensor2D);
  }

  /** Fits the standardisation on averaged training features [count, width]. */
  fit(averagedFeatures: Float32Array, count: number): void {
    const width = this.outputSize;
    const mean = new Float32Array(width);
    const variance = new Float32Array(width);
    for (let i = 0; i < count; i++) for (let j = 0; j < width; j++) mean[j] += averagedFeatures[i * width + j] / count;
    for (let i = 0; i < count; i++) for (let j = 0; j < width; j++) variance[j] += (averagedFeatures[i * width + j] - mean[j]) ** 2 / count;
    tf.tidy(() => {
      this.mean.assign(tf.tensor1d(mean));
      this.std.assign(tf.sqrt(tf.add(tf.tensor1d(variance), 1e-5)));
    });
  }

  namedVariables(): [string, Variable][] {
    return [
      ['ensemble/mean', this.mean],
      ['ensemble/std', this.std],
    ];
  }

  dispose(): void {
    tf.dispose([this.mean, this.std]);
  }
}
