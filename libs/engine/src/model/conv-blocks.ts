import { tf, variableOf, type Tensor, type Tensor4D, type Variable } from '../tf.js';
import { columnMeans } from '../linalg/column-means.js';
import { activationDerivative, applyActivation, type Activation } from './activation.js';
import type { ResconvArchitecture } from './architecture.js';
import { BatchNorm, normalizeGradient, type NormMode } from './batch-norm.js';
import { flatSize, type Block, type BlockOutput } from './block.js';
import { DenseBlock } from './dense-block.js';
import type { ParameterInit } from './init.js';

const KERNEL = 5;

class ConvParameters {
  readonly filter: Variable;
  readonly bias: Variable;

  constructor(inChannels: number, outChannels: number, init: ParameterInit) {
    const fanIn = inChannels * KERNEL * KERNEL;
    this.filter = variableOf(() => init.weight([KERNEL, KERNEL, inChannels, outChannels], fanIn, outChannels * KERNEL * KERNEL), true);
    this.bias = variableOf(() => init.bias(outChannels, fanIn), true);
  }

  named(prefix: string): [string, Variable][] {
    return [
      [`${prefix}/filter`, this.filter],
      [`${prefix}/bias`, this.bias],
    ];
  }

  apply(x: Tensor4D, stride: number, pad: 'valid' | 'same'): Tensor4D {
    return tf.add(tf.conv2d(x, this.filter as Tensor4D, stride, pad), this.bias) as Tensor4D;
  }

  /** [∂/∂filter, ∂/∂bias] of Σ(apply(x) ∘ gradOutput): tfjs has no public op for the filter gradient, so its kernel. */
  gradients(x: Tensor4D, gradOutput: Tensor4D, stride: number, pad: 'valid' | 'same'): Tensor[] {
    const filter = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: gradOutput }, {
      strides: [stride, stride], pad, dataFormat: 'NHWC', filterShape: this.filter.shape,
    }) as Tensor;
    const channels = gradOutput.shape[3];
    const rows = tf.reshape(gradOutput, [-1, channels]) as tf.Tensor2D;
    return [filter, tf.reshape(tf.mul(columnMeans(rows), rows.shape[0]), [channels])];
  }
}

function asImages(input: Tensor, shape: readonly number[]): Tensor4D {
  return (input.rank === 4 ? input : tf.reshape(input, [input.shape[0], shape[0], shape[1], shape[2]])) as Tensor4D;
}

/** Conv 5×5, stride 2, no padding → BatchNorm → activation: the residual net's input block. */
export class ConvInputBlock implements Block {
  private readonly conv: ConvParameters;
  private readonly norm: BatchNorm;
  readonly outputShape: readonly number[];

  constructor(
    readonly name: string,
    private readonly inputShape: readonly number[],
    channels: number,
    private readonly activation: Activation,
    init: ParameterInit,
  ) {
    this.conv = new ConvParameters(inputShape[2], channels, init);
    this.norm = new BatchNorm(`${name}/bn`, channels, [0, 1, 2]);
    const side = (n: number) => Math.floor((n - KERNEL) / 2) + 1;
    this.outputShape = [side(inputShape[0]), side(inputShape[1]), channels];
  }

  get parameters(): readonly Variable[] {
    return [this.conv.filter, this.conv.bias];
  }

  namedParameters(): [string, Variable][] {
    return this.conv.named(this.name);
  }

  get norms(): readonly BatchNorm[] {
    return [this.norm];
  }

  forward(input: Tensor, mode: NormMode): BlockOutput {
    const { output: normalized, stats, invStd } = this.norm.normalize(this.conv.apply(asImages(input, this.inputShape), 2, 'valid'), mode);
    const output = applyActivation(normalized, this.activation);
    return { output, stats: stats ? [stats] : [], ...(invStd ? { cache: [normalized, invStd] } : {}) };
  }

  /** Back through activation and BatchNorm by hand, then the conv's own filter and bias gradients. */
  parameterGradients(input: Tensor, pass: BlockOutput, gradOutput: Tensor): Tensor[] {
    const [normalized, invStd] = cacheOf(pass, 2);
    return tf.tidy(() => {
      const gradNormalized = tf.mul(gradOutput, activationDerivative(this.activation, normalized, pass.output));
      const gradConv = normalizeGradient(gradNormalized, normalized, invStd) as Tensor4D;
      return this.conv.gradients(asImages(input, this.inputShape), gradConv, 2, 'valid');
    });
  }
}

/** act(BN₂(act(BN₁(conv5×5(x))) + x)), both BatchNorms non-affine, one conv: the reference's residual block. */
export class ResidualBlock implements Block {
  private readonly conv: ConvParameters;
  private readonly inner: BatchNorm;
  private readonly outer: BatchNorm;

  constructor(
    readonly name: string,
    readonly outputShape: readonly number[],
    private readonly activation: Activation,
    init: ParameterInit,
  ) {
    const channels = outputShape[2];
    this.conv = new ConvParameters(channels, channels, init);
    this.inner = new BatchNorm(`${name}/bn1`, channels, [0, 1, 2]);
    this.outer = new BatchNorm(`${name}/bn2`, channels, [0, 1, 2]);
  }

  get parameters(): readonly Variable[] {
    return [this.conv.filter, this.conv.bias];
  }

  namedParameters(): [string, Variable][] {
    return this.conv.named(this.name);
  }

  get norms(): readonly BatchNorm[] {
    return [this.inner, this.outer];
  }

  forward(input: Tensor, mode: NormMode): BlockOutput {
    const x = asImages(input, this.outputShape);
    const first = this.inner.normalize(this.conv.apply(x, 1, 'same'), mode);
    const activated = applyActivation(first.output, this.activation);
    const second = this.outer.normalize(tf.add(activated, x), mode);
    const stats = [first.stats, second.stats].filter((s) => s !== undefined);
    const output = applyActivation(second.output, this.activation);
    const cache = first.invStd && second.invStd ? [first.output, first.invStd, activated, second.output, second.invStd] : undefined;
    return { output, stats, ...(cache ? { cache } : {}) };
  }

  /**
   * Back through the outer activation and BatchNorm, the sum (only its conv branch depends on the
   * parameters), the inner activation and BatchNorm, then the conv's filter and bias gradients.
   */
  parameterGradients(input: Tensor, pass: BlockOutput, gradOutput: Tensor): Tensor[] {
    const [innerNormalized, innerInvStd, activated, outerNormalized, outerInvStd] = cacheOf(pass, 5);
    return tf.tidy(() => {
      const gradOuter = tf.mul(gradOutput, activationDerivative(this.activation, outerNormalized, pass.output));
      const gradActivated = normalizeGradient(gradOuter, outerNormalized, outerInvStd);
      const gradInner = tf.mul(gradActivated, activationDerivative(this.activation, innerNormalized, activated));
      const gradConv = normalizeGradient(gradInner, innerNormalized, innerInvStd) as Tensor4D;
      return this.conv.gradients(asImages(input, this.outputShape), gradConv, 1, 'same');
    });
  }
}

function cacheOf(pass: BlockOutput, length: number): Tensor[] {
  if (pass.cache?.length !== length) throw new Error('parameterGradients needs the cache of a train-mode pass');
  return pass.cache;
}

export function buildResconvBlocks(architecture: ResconvArchitecture, init: ParameterInit): Block[] {
  const input = new ConvInputBlock('block0', architecture.inputShape, architecture.channels, architecture.activation, init);
  const blocks: Block[] = [input];
  for (let i = 0; i < architecture.residualBlocks; i++) {
    blocks.push(new ResidualBlock(`block${i + 1}`, input.outputShape, architecture.activation, init));
  }
  const flat = flatSize(input.outputShape);
  blocks.push(new DenseBlock(`block${architecture.residualBlocks + 1}`, flat, architecture.denseWidth, architecture.activation, init));
  return blocks;
}
