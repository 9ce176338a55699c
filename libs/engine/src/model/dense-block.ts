import { tf, variableOf, type Tensor, type Variable } from '../tf.js';
import { columnMeans } from '../linalg/column-means.js';
import { activationDerivative, applyActivation, type Activation } from './activation.js';
import { BatchNorm, normalizeGradient, type NormMode } from './batch-norm.js';
import type { Block, BlockOutput } from './block.js';
import type { ParameterInit } from './init.js';

/** Linear → BatchNorm (non-affine) → activation, the MLP's HSIC block. */
export class DenseBlock implements Block {
  readonly weight: Variable;
  readonly bias: Variable;
  readonly norm: BatchNorm;
  readonly outputShape: readonly number[];

  constructor(
    readonly name: string,
    readonly inputSize: number,
    readonly outputSize: number,
    readonly activation: Activation,
    init: ParameterInit,
  ) {
    this.weight = variableOf(() => init.weight([inputSize, outputSize], inputSize, outputSize), true);
    this.bias = variableOf(() => init.bias(outputSize, inputSize), true);
    this.norm = new BatchNorm(`${name}/bn`, outputSize, [0]);
    this.outputShape = [outputSize];
  }

  get parameters(): readonly Variable[] {
    return [this.weight, this.bias];
  }

  namedParameters(): [string, Variable][] {
    return [
      [`${this.name}/weight`, this.weight],
      [`${this.name}/bias`, this.bias],
    ];
  }

  get norms(): readonly BatchNorm[] {
    return [this.norm];
  }

  forward(input: Tensor, mode: NormMode): BlockOutput {
    const flat = input.rank === 2 ? input : tf.reshape(input, [input.shape[0], -1]);
    const linear = tf.add(tf.matMul(flat as tf.Tensor2D, this.weight as tf.Tensor2D), this.bias);
    const { output: normalized, stats, invStd } = this.norm.normalize(linear, mode);
    // Intermediates are left to the caller's tidy: disposing them here would break gradient tapes.
    const output = applyActivation(normalized, this.activation);
    return { output, stats: stats ? [stats] : [], ...(invStd ? { cache: [normalized, invStd] } : {}) };
  }

  /**
   * Back through activation, batch-statistics BatchNorm and the linear map by hand:
   *   Ḡn = Ḡz ∘ act′,  Ḡu = (Ḡn − mean(Ḡn) − n∘mean(Ḡn∘n))·invStd,  Ḡw = xᵀ·Ḡu,  Ḡb = Σ Ḡu.
   */
  parameterGradients(input: Tensor, pass: BlockOutput, gradOutput: Tensor): Tensor[] {
    if (!pass.cache) throw new Error('parameterGradients needs a train-mode pass');
    const [normalized, invStd] = pass.cache;
    return tf.tidy(() => {
      const x = (input.rank === 2 ? input : tf.reshape(input, [input.shape[0], -1])) as tf.Tensor2D;
      const m = x.shape[0];
      const gradNormalized = tf.mul(gradOutput, activationDerivative(this.activation, normalized, pass.output));
      const gradLinear = normalizeGradient(gradNormalized, normalized, invStd) as tf.Tensor2D;
      return [tf.matMul(x, gradLinear, true, false), tf.reshape(tf.mul(columnMeans(gradLinear), m), [this.outputSize])];
    });
  }
}
