import { tf, tidyObject } from '../tf.js';
import { describeEachBackend, relativeVectorError, testMatrix } from '../testing/backends.test-util.js';
import { ACTIVATIONS } from './activation.js';
import { DenseBlock } from './dense-block.js';
import { ParameterInit } from './init.js';

describeEachBackend('DenseBlock hand-written parameter gradients', () => {
  it.each(ACTIVATIONS)('match the gradient tape through %s and batch-statistics BatchNorm', (activation) => {
    const block = new DenseBlock('b', 5, 4, activation, new ParameterInit(3, 'pytorch'));
    const x = tf.tensor2d(testMatrix(16, 5, 1));
    const upstream = tf.tensor2d(testMatrix(16, 4, 2));
    const pass = tidyObject(() => block.forward(x, 'train'));
    const hand = block.parameterGradients(x, pass, upstream);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(block.forward(x, 'train').output, upstream)) as tf.Scalar, [block.weight, block.bias]);
    expect(relativeVectorError(hand[0].dataSync(), grads[block.weight.name].dataSync())).toBeLessThan(1e-4);
    // The bias gradient is ~0 (BatchNorm subtracts the mean): compare absolutely.
    expect(Math.max(...Array.from(hand[1].dataSync(), (v, i) => Math.abs(v - grads[block.bias.name].dataSync()[i])))).toBeLessThan(1e-5);
  });
});

describeEachBackend('DenseBlock with an affine BatchNorm', () => {
  it.each(ACTIVATIONS)('hand-written gradients of weight, bias, γ and β match the tape through %s', (activation) => {
    const block = new DenseBlock('b', 5, 4, activation, new ParameterInit(3, 'pytorch'), 'affine');
    block.norm.scale!.assign(tf.tensor1d([0.5, 1.5, -0.8, 2]));
    block.norm.shift!.assign(tf.tensor1d([0.1, -0.3, 0.2, 0]));
    const x = tf.tensor2d(testMatrix(16, 5, 1));
    const upstream = tf.tensor2d(testMatrix(16, 4, 2));
    const pass = tidyObject(() => block.forward(x, 'train'));
    const hand = block.parameterGradients(x, pass, upstream);
    expect(block.parameters).toHaveLength(4);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(block.forward(x, 'train').output, upstream)) as tf.Scalar, [...block.parameters]);
    for (const k of [0, 2, 3]) {
      expect(relativeVectorError(hand[k].dataSync(), grads[block.parameters[k].name].dataSync())).toBeLessThan(1e-4);
    }
    expect(Math.max(...Array.from(hand[1].dataSync(), (v, i) => Math.abs(v - grads[block.bias.name].dataSync()[i])))).toBeLessThan(1e-5);
    expect(block.namedParameters().map(([n]) => n)).toEqual(['b/weight', 'b/bias', 'b/bn/weight', 'b/bn/bias']);
  });
});
