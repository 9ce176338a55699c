import type { Tensor, Variable } from '../tf.js';
import type { BatchNorm, BatchStats, NormMode } from './batch-norm.js';

export interface BlockOutput {
  /** The block's hidden representation Z_i (what its HSIC loss sees, flattened or not). */
  readonly output: Tensor;
  /** One entry per BatchNorm of the block, in train mode only. */
  readonly stats: BatchStats[];
  /** Train mode, blocks with hand-written gradients: what parameterGradients needs from this pass. */
  readonly cache?: Tensor[];
}

/**
 * One HSIC-trained unit: its own weight and bias, its BatchNorms, and one hidden output.
 * The HSIC trainer steps exactly `parameters` of one block per update.
 */
export interface Block {
  readonly name: string;
  readonly parameters: readonly Variable[];
  /** Parameters under stable names, for checkpoints. */
  namedParameters(): [string, Variable][];
  readonly norms: readonly BatchNorm[];
  /** Per-sample output shape, e.g. [128] or [12, 12, 64]. */
  readonly outputShape: readonly number[];
  forward(input: Tensor, mode: NormMode): BlockOutput;
  /**
   * ∂Σ(output ∘ gradOutput)/∂parameters for a train-mode pass (input held constant), from that
   * pass's cache: saves the second forward a gradient tape would need. Blocks without it are
   * differentiated by tape.
   */
  parameterGradients?(input: Tensor, pass: BlockOutput, gradOutput: Tensor): Tensor[];
}

export function flatSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
