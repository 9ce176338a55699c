// Timings of the residual net's 512-image convolutions on wasm, with this workspace's conv kernels
// (libs/engine/src/backend/wasm-conv-kernels.ts). Run: npm run bench:conv  (HSIC_CONV_BENCH_ROUNDS=N,
// HSIC_CONV_BENCH_TFJS=1 adds tfjs-wasm's own Conv2DBackpropInput once, for the ratio).
import { backendOptionsFrom, initBackend, loadBackendEnv, patchWasmMatMul, registerWasmConvKernels, tf, unregisterWasmConvKernels } from '@hsic/engine';

import { pseudoRandomValues as values } from '../libs/engine/dist/testing/pseudo-random.js';

await initBackend({ ...backendOptionsFrom(loadBackendEnv(process.env)), force: 'wasm' });
patchWasmMatMul();
registerWasmConvKernels();

const size = (shape) => shape.reduce((a, b) => a * b, 1);
const rnd = (shape, seed) => tf.tensor4d(values(size(shape), seed), shape);

// Interleaved rounds (one run of every case per round), so a load change on the shared machine moves all
// cases alike; medians of the rounds are reported.
const cases = [];
const time = (label, fn) => cases.push({ label, fn, ms: [] });
const runOnce = (fn) => {
  const start = performance.now();
  const out = tf.tidy(fn);
  (Array.isArray(out) ? out : [out]).forEach((t) => t.dataSync());
  tf.dispose(out);
  return performance.now() - start;
};

const x = rnd([512, 12, 12, 64], 1);
const f = rnd([5, 5, 64, 64], 2);
const dy = rnd([512, 12, 12, 64], 3);
const image = rnd([512, 28, 28, 1], 4);
const f0 = rnd([5, 5, 1, 64], 5);
const bias = tf.zeros([64]);
const run = (name, inputs, attrs) => () => tf.engine().runKernel(name, inputs, attrs);
const residual = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
const input = { strides: 2, pad: 'valid', dataFormat: 'NHWC' };
const block = (a, b) => {
  const y = tf.add(tf.conv2d(a, b, 1, 'same'), bias);
  const { mean, variance } = tf.moments(y, [0, 1, 2]);
  return tf.sum(tf.mul(tf.relu(tf.div(tf.sub(y, mean), tf.sqrt(tf.add(variance, 1e-5)))), dy));
};
time('residual conv2d forward [512,12,12,64]*[5,5,64,64] same', () => tf.conv2d(x, f, 1, 'same'));
time('residual Conv2DBackpropFilter', run('Conv2DBackpropFilter', { x, dy }, { ...residual, filterShape: [5, 5, 64, 64] }));
time('residual Conv2DBackpropInput', run('Conv2DBackpropInput', { dy, filter: f }, { ...residual, inputShape: [512, 12, 12, 64] }));
time('input conv2d forward [512,28,28,1]*[5,5,1,64] stride 2 valid', () => tf.conv2d(image, f0, 2, 'valid'));
time('input Conv2DBackpropFilter', run('Conv2DBackpropFilter', { x: image, dy }, { ...input, filterShape: [5, 5, 1, 64] }));
time('input Conv2DBackpropInput', run('Conv2DBackpropInput', { dy, filter: f0 }, { ...input, inputShape: [512, 28, 28, 1] }));
time('residual conv+bias+BN+relu: forward', () => block(x, f));
time('  forward + gradient w.r.t. filter (HSIC layer)', () => tf.grads((b) => block(x, b))([f]));
time('  forward + gradients w.r.t. input and filter (backprop)', () => tf.grads(block)([x, f]));

const rounds = Number(process.env.HSIC_CONV_BENCH_ROUNDS ?? 5);
for (let round = -1; round < rounds; round++) {
  for (const c of cases) {
    const ms = runOnce(c.fn);
    if (round >= 0) c.ms.push(ms); // round -1 warms up
  }
}
const lines = cases.map(({ label, ms }) => {
  ms.sort((a, b) => a - b);
  return `${label.padEnd(60)} median ${ms[ms.length >> 1].toFixed(0).padStart(5)} ms, min ${ms[0].toFixed(0).padStart(5)} ms`;
});
if (process.env.HSIC_CONV_BENCH_TFJS === '1') {
  unregisterWasmConvKernels();
  const ms = runOnce(run('Conv2DBackpropInput', { dy, filter: f }, { ...residual, inputShape: [512, 12, 12, 64] }));
  lines.push(`${"residual Conv2DBackpropInput, tfjs-wasm's own kernel".padEnd(60)} once   ${ms.toFixed(0).padStart(5)} ms`);
}
tf.dispose([x, f, dy, image, f0, bias]);
console.log(lines.join('\n'));
