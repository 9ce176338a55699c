import { tf, variableOf, type Tensor, type Variable } from '../tf.js';
import { columnMeans } from '../linalg/column-means.js';
import { activationDerivative, applyActivation, type Activation } from './activation.js';
import { BatchNorm, normalizeGradient, type NormMode } from './batch-norm.js';
import type { Block, BlockOutput } from './block.js';
import type { ParameterInit } from './init.js';

/** Linear → BatchNorm (non-affine, as the reference's, unless asked) → activation, the MLP's HSIC block. */
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
    batchNorm: 'plain' | 'affine' = 'plain',
  ) {
    this.weight = variableOf(() => init.weight([inputSize, outputSize], inputSize, outputSize), true);
    this.bias = variableOf(() => init.bias(outputSize, inputSize), true);
    this.norm = new BatchNorm(`${name}/bn`, outputSize, [0], batchNorm === 'affine');
    this.outputShape = [outputSize];
  }

  get parameters(): readonly Variable[] {
    return this.namedParameters().map(([, v]) => v);
  }

  namedParameters(): [string, Variable][] {
    return [
      [`${this.name}/weight`, this.weight],
      [`${this.name}/bias`, this.bias],
      ...this.norm.namedParameters(),
    ];
  }

  get norms(): readonly BatchNorm[] {
    return [this.norm];
  }

  forward(input: Tensor, mode: NormMode): BlockOutput {
    const flat = input.rank === 2 ? input : tf.reshape(input, [input.shape[0], -1]);
    const linear = tf.add(tf.matMul(flat as tf.Tensor2D, this.weight as tf.Tensor2D), this.bias);
    const { output: normalized, stats, invStd } = this.norm.normalize(linear, mode);
    const scaled = this.norm.affine(normalized);
    // Intermediates are left to the caller's tidy: disposing them here would break gradient tapes.
    const output = applyActivation(scaled, this.activation);
    return { output, stats: stats ? [stats] : [], ...(invStd ? { cache: [normalized, invStd, scaled] } : {}) };
  }

  /**
   * Back through activation, the affine map (if any), batch-statistics BatchNorm and the linear map by hand:
   *   Ḡs = Ḡz ∘ act′(s),  Ḡγ = Σ Ḡs∘n,  Ḡβ = Σ Ḡs,  Ḡn = Ḡs∘γ (Ḡs without affine parameters),
   *   Ḡu = (Ḡn − mean(Ḡn) − n∘mean(Ḡn∘n))·invStd,  Ḡw = xᵀ·Ḡu,  Ḡb = Σ Ḡu.
   */
  parameterGradients(input: Tensor, pass: BlockOutput, gradOutput: Tensor): Tensor[] {
    if (!pass.cache) throw new Error('parameterGradients needs a train-mode pass');
    const [normalized, invStd, scaled] = pass.cache;
    return tf.tidy(() => {
      const x = (input.rank === 2 ? input : tf.reshape(input, [input.shape[0], -1])) as tf.Tensor2D;
      const m = x.shape[0];
      const columnSums = (t: Tensor) => tf.reshape(tf.mul(columnMeans(t as tf.Tensor2D), m), [this.outputSize]);
      const gradScaled = tf.mul(gradOutput, activationDerivative(this.activation, scaled, pass.output));
      const { scale } = this.norm;
      const gradNormalized = scale ? tf.mul(gradScaled, scale) : gradScaled;
      const gradLinear = normalizeGradient(gradNormalized, normalized, invStd) as tf.Tensor2D;
      const affine = scale ? [columnSums(tf.mul(gradScaled, normalized)), columnSums(gradScaled)] : [];
      return [tf.matMul(x, gradLinear, true, false), columnSums(gradLinear), ...affine];
    });
  }
}
