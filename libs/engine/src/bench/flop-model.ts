import type { Architecture } from '../model/architecture.js';
import type { HsicPhaseSettings } from '../train/config.js';

/** Matmul flops (2 per multiply-add) of one recursive SPD inverse: n³ + 2·T(n/2) ≈ 4/3·n³. */
export function inverseFlops(n: number): number {
  return n <= 64 ? (2 / 3) * n ** 3 : n ** 3 + 2 * inverseFlops(n / 2);
}

/**
 * Matmul flops of one HSIC minibatch as this engine computes it: the batch targets (input and
 * label kernels, two inverses), then per block its kernel Gram, one inverse, A·M·A, the thin
 * gradient products, and the block's own forward and weight-gradient matmuls. Element-wise work
 * is not counted, so the achieved rate derived from it is a lower bound. Dense (MLP) blocks only.
 */
export function hsicBatchFlops(architecture: Architecture, m: number, settings: Pick<HsicPhaseSettings, 'runningStats'>, includeTargets: boolean): number {
  if (architecture.kind !== 'mlp') throw new Error('the flop model covers MLP architectures');
  const input = architecture.inputShape.reduce((a, b) => a * b, 1);
  const widths = [input, ...Array.from({ length: architecture.hiddenLayers + 1 }, () => architecture.hiddenWidth), architecture.lastWidth];
  const blocks = widths.length - 1;
  let flops = includeTargets ? 2 * m * m * input + 2 * m * m * architecture.classes + 2 * inverseFlops(m) : 0;
  for (let i = 0; i < blocks; i++) {
    const d = widths[i + 1];
    flops += 2 * m * m * d + inverseFlops(m) + 4 * m ** 3 + 4 * 2 * m * m * d;
  }
  const blockMatmul = (i: number) => 2 * m * widths[i] * widths[i + 1];
  // Block evaluations: 'reference' runs one full pass, then recomputes blocks i−1..L−1 before
  // each block i; 'single-pass' evaluates each block twice. Plus one taped forward and one weight
  // gradient per block.
  for (let i = 0; i < blocks; i++) {
    const evaluations = settings.runningStats === 'reference' ? 1 + Math.min(i + 1, blocks - 1) : 2;
    flops += (evaluations + 2) * blockMatmul(i);
  }
  return flops;
}
