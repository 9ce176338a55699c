import { tf, variableOf, type Tensor2D, type Variable } from '../tf.js';
import { ParameterInit, type Initializer } from './init.js';

/** Linear(features → classes) read out through softmax: the "format" layer and the backprop head. */
export class Readout {
  readonly weight: Variable;
  readonly bias: Variable;

  constructor(
    readonly inputSize: number,
    readonly classes: number,
    seed: number,
    scheme: Initializer,
  ) {
    const init = new ParameterInit(seed, scheme);
    this.weight = variableOf(() => init.weight([inputSize, classes], inputSize, classes), true);
    this.bias = variableOf(() => init.bias(classes, inputSize), true);
  }

  logits(features: Tensor2D): Tensor2D {
    return tf.add(tf.matMul(features, this.weight as Tensor2D), this.bias) as Tensor2D;
  }

  get variables(): Variable[] {
    return [this.weight, this.bias];
  }

  namedVariables(): [string, Variable][] {
    return [
      ['readout/weight', this.weight],
      ['readout/bias', this.bias],
    ];
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
