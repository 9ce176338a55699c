import { tf, tidyObject, type Tensor, type Tensor2D } from '../tf.js';
import { layerObjective, type BatchTargets } from '../hsic/layer-objective.js';
import { disposeStats, type BatchStats } from '../model/batch-norm.js';
import type { Block, BlockOutput } from '../model/block.js';
import type { HsicNetwork } from '../model/network.js';
import type { LayerMetrics } from './events.js';
import type { HsicPhaseSettings } from './config.js';
import type { Sgd } from './sgd.js';

function flatten(z: Tensor): Tensor2D {
  return (z.rank === 2 ? z : tf.reshape(z, [z.shape[0], -1])) as Tensor2D;
}

function disposePass(pass: BlockOutput | undefined): void {
  if (!pass) return;
  tf.dispose([pass.output, ...(pass.cache ?? [])]);
  disposeStats(pass.stats);
}

/**
 * One block's update: the HSIC objective's gradient with respect to the block's output, pulled
 * back through the block alone (its input is a constant, so no gradient crosses blocks), then an
 * SGD step on the block's own weight and bias.
 */
function stepBlock(block: Block, index: number, input: Tensor, pass: BlockOutput, targets: BatchTargets, sgd: Sgd): LayerMetrics {
  const flat = flatten(pass.output);
  const objective = layerObjective(flat, targets);
  if (flat !== pass.output) flat.dispose();
  tf.tidy(() => {
    const gradOutput = tf.reshape(objective.gradient, pass.output.shape);
    let gradients: Tensor[];
    if (block.parameterGradients && pass.cache) {
      gradients = block.parameterGradients(input, pass, gradOutput);
    } else {
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(block.forward(input, 'train').output, gradOutput)) as tf.Scalar, [...block.parameters]);
      gradients = block.parameters.map((v) => grads[v.name]);
    }
    sgd.step(block.parameters.map((v, k) => [v, gradients[k]] as const));
  });
  objective.gradient.dispose();
  return { layer: index, nhsicX: objective.nhsicX, nhsicY: objective.nhsicY, loss: objective.loss };
}

/** Feeds every block's running statistics with the passes it saw, in order. */
function accumulateAll(network: HsicNetwork, perBlock: readonly BatchStats[][][]): void {
  network.blocks.forEach((block, j) => block.norms.forEach((norm, k) => norm.accumulateSequence(perBlock[j].map((stats) => stats[k]))));
}

/**
 * The reference's Gauss–Seidel schedule: block i is stepped on a forward pass that already sees
 * blocks 0..i−1 updated within this minibatch.
 *
 * runningStats 'reference': the reference runs L+1 full forward passes per minibatch and every one
 * feeds the BatchNorm running averages (format-training reads them). Blocks below i−1 are
 * unchanged since the previous pass, so only blocks from i−1 upwards are recomputed, and the
 * averages receive exactly the reference's statistics.
 * runningStats 'single-pass': each block's averages are fed once, by the pass it is trained on,
 * and nothing above block i is computed before its turn: about L²/2 fewer block evaluations,
 * which dominates on wide nets.
 */
export function sequentialHsicStep(network: HsicNetwork, x: Tensor2D, targets: BatchTargets, sgd: Sgd, settings: HsicPhaseSettings): LayerMetrics[] {
  return settings.runningStats === 'reference' ? referenceSequentialStep(network, x, targets, sgd) : lazySequentialStep(network, x, targets, sgd);
}

function referenceSequentialStep(network: HsicNetwork, x: Tensor2D, targets: BatchTargets, sgd: Sgd): LayerMetrics[] {
  const blocks = network.blocks;
  const passes: BlockOutput[] = [];
  const seen: BatchStats[][][] = blocks.map(() => []);
  const superseded: BlockOutput[] = [];
  const recompute = (from: number) => {
    for (let j = from; j < blocks.length; j++) {
      const result = tidyObject(() => blocks[j].forward(j === 0 ? x : passes[j - 1].output, 'train'));
      if (passes[j]) superseded.push(passes[j]);
      passes[j] = result;
    }
  };
  const observe = () => passes.forEach((pass, j) => seen[j].push(pass.stats));
  const metrics: LayerMetrics[] = [];
  try {
    recompute(0);
    observe(); // the reference's extra, unused forward pass
    for (let i = 0; i < blocks.length; i++) {
      if (i > 0) recompute(i - 1);
      observe();
      metrics.push(stepBlock(blocks[i], i, i === 0 ? x : passes[i - 1].output, passes[i], targets, sgd));
    }
    accumulateAll(network, seen);
  } finally {
    [...passes, ...superseded].forEach(disposePass);
  }
  return metrics;
}

function lazySequentialStep(network: HsicNetwork, x: Tensor2D, targets: BatchTargets, sgd: Sgd): LayerMetrics[] {
  const metrics: LayerMetrics[] = [];
  let input: Tensor = x;
  network.blocks.forEach((block, i) => {
    const pass = tidyObject(() => block.forward(input, 'train'));
    block.norms.forEach((norm, k) => norm.accumulateSequence([pass.stats[k]]));
    metrics.push(stepBlock(block, i, input, pass, targets, sgd));
    disposePass(pass);
    if (i < network.blocks.length - 1) {
      const next = tf.tidy(() => block.forward(input, 'train').output);
      if (input !== x) input.dispose();
      input = next;
    }
  });
  if (input !== x) input.dispose();
  return metrics;
}

/** Jacobi schedule (a documented deviation): every block stepped from one shared forward pass. */
export function parallelHsicStep(network: HsicNetwork, x: Tensor2D, targets: BatchTargets, sgd: Sgd): LayerMetrics[] {
  const passes = network.blocks.map(() => undefined as BlockOutput | undefined);
  try {
    network.blocks.forEach((block, j) => {
      passes[j] = tidyObject(() => block.forward(j === 0 ? x : (passes[j - 1] as BlockOutput).output, 'train'));
    });
    const done = passes as BlockOutput[];
    accumulateAll(network, done.map((pass) => [pass.stats]));
    return network.blocks.map((block, i) => stepBlock(block, i, i === 0 ? x : done[i - 1].output, done[i], targets, sgd));
  } finally {
    passes.forEach(disposePass);
  }
}
