import { tf, type Tensor2D, type Variable } from '../tf.js';
import type { Architecture } from './architecture.js';
import { EnsembleFeatures } from './ensemble.js';
import type { HsicNetwork } from './network.js';
import type { Readout } from './readout.js';

/**
 * How class scores are read off the trained nets:
 * - 'format': frozen HSIC net(s) + a trained Linear/softmax readout (post-training);
 * - 'unformatted': the last block's units, permuted by a class→unit mapping fitted on training data;
 * - 'backprop': the baseline, net and readout trained end to end;
 * - 'hsic': HSIC-trained nets with no readout yet, kept to be format-trained later (cannot predict).
 */
export type ReadoutKind = 'format' | 'unformatted' | 'backprop' | 'hsic';

export interface Prediction {
  readonly labels: Int32Array;
  /** [count][classes], rows sum to 1. */
  readonly probabilities: Float32Array[];
}

/** A trained model ready to classify flattened inputs; what checkpoints hold and serving runs. */
export class Classifier {
  readonly ensemble: EnsembleFeatures | null;

  constructor(
    readonly kind: ReadoutKind,
    readonly architecture: Architecture,
    readonly nets: readonly HsicNetwork[],
    readonly readout: Readout | null,
    readonly classNames: readonly string[],
    readonly mapping: readonly number[] | null,
    ensemble?: EnsembleFeatures,
  ) {
    if (kind === 'unformatted' && !mapping) throw new Error('an unformatted classifier needs a class→unit mapping');
    if ((kind === 'format' || kind === 'backprop') && !readout) throw new Error(`a ${kind} classifier needs a readout layer`);
    // Only a readout reads σ-combined features, so only then is the ensemble's standardisation needed.
    this.ensemble = nets.length > 1 && kind !== 'unformatted' && kind !== 'hsic' ? (ensemble ?? new EnsembleFeatures(nets)) : null;
  }

  get inputSize(): number {
    return this.nets[0].inputSize;
  }

  features(x: Tensor2D): Tensor2D {
    return this.ensemble ? this.ensemble.features(x) : this.nets[0].features(x);
  }

  /**
   * Class probabilities [m, classes]. For the unformatted readout, the mapped units' outputs
   * (non-negative after ReLU) are normalised to sum to one: a score, not a calibrated probability.
   */
  probabilities(x: Tensor2D): Tensor2D {
    if (x.shape[1] !== this.inputSize) throw new Error(`expected ${this.inputSize} features per sample, got ${x.shape[1]}`);
    if (this.kind === 'hsic') throw new Error('this model holds HSIC-trained nets without a readout: format-train it first');
    return tf.tidy(() => {
      const features = this.features(x);
      if (this.kind !== 'unformatted') return tf.softmax((this.readout as Readout).logits(features)) as Tensor2D;
      const mapped = tf.gather(features, tf.tensor1d(this.mapping as number[], 'int32'), 1);
      const positive = tf.relu(mapped);
      return tf.div(tf.add(positive, 1e-12), tf.sum(tf.add(positive, 1e-12), 1, true)) as Tensor2D;
    });
  }

  predict(x: Tensor2D): Prediction {
    const probabilities = this.probabilities(x);
    const classes = probabilities.shape[1];
    const flat = probabilities.dataSync() as Float32Array;
    probabilities.dispose();
    const rows = Array.from({ length: x.shape[0] }, (_, i) => flat.slice(i * classes, (i + 1) * classes));
    const labels = Int32Array.from(rows, (row) => row.indexOf(Math.max(...row)));
    return { labels, probabilities: rows };
  }

  namedVariables(): [string, Variable][] {
    const nets = this.nets.flatMap((net, n) => net.namedVariables().map(([name, v]) => [`net${n}/${name}`, v] as [string, Variable]));
    return [...nets, ...(this.readout?.namedVariables() ?? []), ...(this.ensemble?.namedVariables() ?? [])];
  }

  dispose(): void {
    this.nets.forEach((n) => n.dispose());
    this.readout?.dispose();
    this.ensemble?.dispose();
  }
}
