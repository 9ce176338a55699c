import { mlpBlockWidths, type Architecture } from '../model/architecture.js';
import type { HsicPhaseSettings } from '../train/config.js';

/** Matmul flops (2 per multiply-add) of one recursive SPD inverse: n³ + 2·T(n/2) ≈ 4/3·n³. */
export function inverseFlops(n: number): number {
  return n <= 64 ? (2 / 3) * n ** 3 : n ** 3 + 2 * inverseFlops(n / 2);
}

/** One HSIC block as the flop model and the resource estimate see it. */
export interface BlockShape {
  /** Numbers per sample going in and coming out (a conv block's C·H·W). */
  readonly inputSize: number;
  readonly outputSize: number;
  readonly parameters: number;
  /** Matmul flops of one sample through the block's linear map (a conv as its im2col product). */
  readonly forwardFlopsPerSample: number;
}

const KERNEL_AREA = 25; // every conv of the residual net is 5×5

/** The blocks of an architecture, in order, as built by HsicNetwork (model/conv-blocks.ts for resconv). */
export function blockShapes(architecture: Architecture): BlockShape[] {
  const [height, width, channels] = architecture.inputShape;
  const input = height * width * channels;
  const dense = (inputSize: number, outputSize: number, normParameters = 0): BlockShape => ({
    inputSize, outputSize, parameters: inputSize * outputSize + outputSize + normParameters, forwardFlopsPerSample: 2 * inputSize * outputSize,
  });
  if (architecture.kind === 'mlp') {
    const widths = [input, ...mlpBlockWidths(architecture)];
    // An affine BatchNorm learns a scale and a shift per feature.
    return widths.slice(1).map((w, i) => dense(widths[i], w, architecture.batchNorm === 'affine' ? 2 * w : 0));
  }
  // 5×5 stride 2 'valid', then residual blocks of 5×5 'same' convs at that resolution, then one dense block.
  const c = architecture.channels;
  const pixels = (Math.floor((height - 5) / 2) + 1) * (Math.floor((width - 5) / 2) + 1);
  const plane = pixels * c;
  const conv = (inChannels: number, inputSize: number): BlockShape => ({
    inputSize, outputSize: plane, parameters: KERNEL_AREA * inChannels * c + c, forwardFlopsPerSample: 2 * pixels * c * KERNEL_AREA * inChannels,
  });
  return [conv(channels, input), ...Array.from({ length: architecture.residualBlocks }, () => conv(c, plane)), dense(plane, architecture.denseWidth)];
}

/** Matmul flops of one layer's objective at batch m: kernel Gram, one inverse, A·M·A, and the thin gradient products. */
function objectiveFlops(m: number, outputSize: number): number {
  return 2 * m * m * outputSize + inverseFlops(m) + 4 * m ** 3 + 3 * 2 * m * m * outputSize;
}

/**
 * Matmul flops of one HSIC minibatch as this engine computes it: the batch targets (input and label
 * kernels, two inverses), then per block its objective and its own forward evaluations and weight
 * gradient (as many flops as one forward, for dense and conv alike). Element-wise work is not
 * counted, so the achieved rate derived from it is a lower bound.
 */
export function hsicBatchFlops(
  architecture: Architecture,
  m: number,
  settings: Pick<HsicPhaseSettings, 'runningStats' | 'schedule'>,
  includeTargets: boolean,
): number {
  const blocks = blockShapes(architecture);
  const input = blocks[0].inputSize;
  let flops = includeTargets ? 2 * m * m * input + 2 * m * m * architecture.classes + 2 * inverseFlops(m) : 0;
  blocks.forEach((block, i) => {
    flops += objectiveFlops(m, block.outputSize) + (evaluations(settings, i, blocks.length) + 1) * m * block.forwardFlopsPerSample;
  });
  return flops;
}

/**
 * Forward evaluations of block i per minibatch (hsic-step.ts). 'parallel': one shared pass. 'reference'
 * running statistics: one full pass, then blocks i−1.. recomputed before each block i. 'single-pass': the
 * pass the block is trained on, and one more with its new weights to feed the block above (none for the last).
 */
function evaluations(settings: Pick<HsicPhaseSettings, 'runningStats' | 'schedule'>, i: number, blocks: number): number {
  if (settings.schedule === 'parallel') return 1;
  if (settings.runningStats === 'reference') return 1 + Math.min(i + 1, blocks - 1);
  return i < blocks - 1 ? 2 : 1;
}
