import { tf, tidyObject, type Tensor } from '../tf.js';
import { registerWasmConvKernels } from '../backend/wasm-conv-kernels.js';
import { describeEachBackend, expectNoTensorLeak, relativeVectorError } from '../testing/backends.test-util.js';
import { pseudoRandomValues } from '../testing/pseudo-random.js';
import { ACTIVATIONS } from './activation.js';
import type { Block } from './block.js';
import { ConvInputBlock, ResidualBlock } from './conv-blocks.js';
import { ParameterInit } from './init.js';

const BATCH = 8;
const tensorOf = (shape: number[], seed: number) => tf.tensor(pseudoRandomValues(shape.reduce((a, b) => a * b, 1), seed), shape);

/** The hand-written gradients against the tape, for one block and one input. */
function expectGradientsMatchTape(block: Block, input: Tensor): void {
  const upstream = tensorOf([BATCH, ...block.outputShape], 7);
  const pass = tidyObject(() => block.forward(input, 'train'));
  const hand = block.parameterGradients?.(input, pass, upstream) ?? [];
  const { grads } = tf.variableGrads(() => tf.sum(tf.mul(block.forward(input, 'train').output, upstream)) as tf.Scalar, [...block.parameters]);
  const [filter, bias] = block.parameters;
  expect(hand.map((t) => t.shape)).toEqual([filter.shape, bias.shape]);
  expect(relativeVectorError(hand[0].dataSync(), grads[filter.name].dataSync())).toBeLessThan(1e-4);
  // The bias gradient is ~0 (BatchNorm subtracts the per-channel mean): compare absolutely, at the scale of
  // float32 rounding in a sum over the batch's BATCH·H·W positions.
  const tapeBias = grads[bias.name].dataSync();
  expect(Math.max(...Array.from(hand[1].dataSync(), (v, i) => Math.abs(v - tapeBias[i])))).toBeLessThan(1e-4);
  tf.dispose([upstream, pass.output, ...(pass.cache ?? []), ...pass.stats.flatMap((s) => [s.mean, s.variance]), ...hand, ...Object.values(grads)]);
}

describeEachBackend('conv blocks: hand-written parameter gradients', (backend) => {
  beforeAll(() => {
    if (backend === 'wasm') registerWasmConvKernels();
  });

  it.each(ACTIVATIONS)('the input block (5×5, stride 2, valid) matches the tape through %s and BatchNorm', (activation) => {
    const block = new ConvInputBlock('in', [11, 11, 2], 3, activation, new ParameterInit(3, 'pytorch'));
    const images = tensorOf([BATCH, 11 * 11 * 2], 1); // flat rows, as the network feeds its first block
    expectGradientsMatchTape(block, images);
    tf.dispose([images, ...block.parameters, ...block.norms.flatMap((n) => n.variables)]);
  });

  it.each(ACTIVATIONS)('the residual block (5×5, same, skip connection, two BatchNorms) matches the tape through %s', (activation) => {
    const block = new ResidualBlock('res', [6, 6, 3], activation, new ParameterInit(4, 'pytorch'));
    const maps = tensorOf([BATCH, 6, 6, 3], 2);
    expectGradientsMatchTape(block, maps);
    tf.dispose([maps, ...block.parameters, ...block.norms.flatMap((n) => n.variables)]);
  });

  it('leaves no tensor behind and refuses an eval-mode pass', async () => {
    const block = new ResidualBlock('res', [6, 6, 3], 'relu', new ParameterInit(5, 'pytorch'));
    const maps = tensorOf([BATCH, 6, 6, 3], 3);
    const upstream = tensorOf([BATCH, 6, 6, 3], 4);
    await expectNoTensorLeak(() => {
      const pass = tidyObject(() => block.forward(maps, 'train'));
      tf.dispose([...block.parameterGradients(maps, pass, upstream), pass.output, ...(pass.cache ?? []), ...pass.stats.flatMap((s) => [s.mean, s.variance])]);
    });
    const evaluated = tidyObject(() => block.forward(maps, 'eval'));
    expect(() => block.parameterGradients(maps, evaluated, upstream)).toThrow(/train-mode pass/);
    tf.dispose([maps, upstream, evaluated.output, ...block.parameters, ...block.norms.flatMap((n) => n.variables)]);
  });
});
