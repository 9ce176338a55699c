import { tf, type Tensor, type Tensor2D, type Variable } from '../tf.js';
import { blockCount, mlpBlockWidths, type Architecture } from './architecture.js';
import type { BatchStats, NormMode } from './batch-norm.js';
import type { Block } from './block.js';
import { flatSize } from './block.js';
import { buildResconvBlocks } from './conv-blocks.js';
import { DenseBlock } from './dense-block.js';
import { ParameterInit } from './init.js';

export interface ForwardPass {
  /** Hidden output Z_i of every block, in order. */
  readonly outputs: Tensor[];
  /** Train-mode batch statistics of every block's BatchNorms. */
  readonly stats: BatchStats[][];
}

/** The feed-forward net whose blocks the HSIC objective trains one by one. */
export class HsicNetwork {
  private constructor(
    readonly architecture: Architecture,
    readonly blocks: readonly Block[],
  ) {}

  static create(architecture: Architecture, seed: number): HsicNetwork {
    const init = new ParameterInit(seed, architecture.init);
    const blocks = architecture.kind === 'mlp' ? buildMlpBlocks(architecture, init) : buildResconvBlocks(architecture, init);
    if (blocks.length !== blockCount(architecture)) throw new Error('internal: block count mismatch');
    return new HsicNetwork(architecture, blocks);
  }

  get inputSize(): number {
    return flatSize(this.architecture.inputShape);
  }

  get outputSize(): number {
    return flatSize(this.blocks[this.blocks.length - 1].outputShape);
  }

  /** Full forward pass from flattened inputs [m, features]. */
  forward(input: Tensor2D, mode: NormMode): ForwardPass {
    const outputs: Tensor[] = [];
    const stats: BatchStats[][] = [];
    let current: Tensor = input;
    for (const block of this.blocks) {
      const result = block.forward(current, mode);
      outputs.push(result.output);
      stats.push(result.stats);
      current = result.output;
    }
    return { outputs, stats };
  }

  /** The last block's output, flattened, with running BatchNorm statistics: what a readout sees. */
  features(input: Tensor2D): Tensor2D {
    return tf.tidy(() => {
      const { outputs } = this.forward(input, 'eval');
      const last = outputs[outputs.length - 1];
      return tf.reshape(last, [input.shape[0], -1]) as Tensor2D;
    });
  }

  /** Every variable under a stable name: trainable parameters and running statistics. */
  namedVariables(): [string, Variable][] {
    return this.blocks.flatMap((b) => [...b.namedParameters(), ...b.norms.flatMap((n) => n.namedVariables())]);
  }

  get variables(): Variable[] {
    return this.namedVariables().map(([, v]) => v);
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}

function buildMlpBlocks(architecture: Extract<Architecture, { kind: 'mlp' }>, init: ParameterInit): Block[] {
  const widths = [flatSize(architecture.inputShape), ...mlpBlockWidths(architecture)];
  return widths.slice(1).map((width, i) => new DenseBlock(`block${i}`, widths[i], width, architecture.activation, init, architecture.batchNorm));
}
