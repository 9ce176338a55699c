import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf.js';
import { pseudoRandomValues } from '../testing/pseudo-random.js';
import { isWasmMatMulPatched, patchWasmMatMul, unpatchWasmMatMul } from './wasm-matmul-patch.js';

type Shape = number[];

const values = (shape: Shape, seed: number): Float32Array => pseudoRandomValues(shape.reduce((a, b) => a * b, 1), seed);

/** Runs `fn` on fresh tensors built from the same data on the given backend; returns flat results. */
async function on(backend: string, fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(fn).map((t) => {
    const data = t.dataSync() as Float32Array;
    t.dispose();
    return data;
  });
}

function maxRelDiff(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((x, k) => {
    const y = b[k]!;
    expect(x.length).toBe(y.length);
    let scale = 1;
    for (const v of y) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / scale);
  });
  return worst;
}

const COMBOS: Array<[boolean, boolean]> = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

/** Operand shapes for C = op(A)·op(B) with C of shape batch×m×n and inner size k. */
function shapes(batchA: number[], batchB: number[], m: number, k: number, n: number, ta: boolean, tb: boolean) {
  return { a: [...batchA, ...(ta ? [k, m] : [m, k])], b: [...batchB, ...(tb ? [n, k] : [k, n])] };
}

const CASES: Array<{ label: string; batchA: number[]; batchB: number[]; m: number; k: number; n: number }> = [
  { label: '2-D', batchA: [], batchB: [], m: 37, k: 53, n: 29 },
  { label: 'batched 3-D', batchA: [3], batchB: [3], m: 17, k: 23, n: 19 },
  { label: 'broadcast batch 1 vs 3', batchA: [1], batchB: [3], m: 11, k: 13, n: 7 },
  { label: 'vector-like (n = 1)', batchA: [], batchB: [], m: 9, k: 31, n: 1 },
  { label: 'batched a, 2-D b (batch folded into rows)', batchA: [3], batchB: [], m: 13, k: 11, n: 9 },
  { label: 'rank-4 a, batch-1 b', batchA: [2, 3], batchB: [1], m: 5, k: 7, n: 6 },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
  (tf.backend() as tf.KernelBackend & { firstUse?: boolean }).firstUse = false; // no "install tfjs-node" banner
  patchWasmMatMul();
  await tf.setBackend('wasm');
});

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe('patchWasmMatMul', () => {
  it('is applied once (idempotent) and can be undone and redone', () => {
    expect(isWasmMatMulPatched()).toBe(true);
    const before = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
    expect(patchWasmMatMul()).toBe(false);
    expect(tf.getKernel('BatchMatMul', 'wasm').kernelFunc).toBe(before);
    expect(unpatchWasmMatMul()).toBe(true);
    expect(isWasmMatMulPatched()).toBe(false);
    expect(patchWasmMatMul()).toBe(true);
    expect(isWasmMatMulPatched()).toBe(true);
  });

  it('hands the original kernels untransposed operands (the XNNPACK path)', async () => {
    await tf.setBackend('wasm');
    const seen: Array<[unknown, unknown]> = [];
    unpatchWasmMatMul();
    const originals = ['BatchMatMul', '_FusedMatMul'].map((name) => tf.getKernel(name, 'wasm'));
    try {
      for (const config of originals) {
        tf.unregisterKernel(config.kernelName, 'wasm');
        tf.registerKernel({
          ...config,
          kernelFunc: (args) => {
            seen.push([args.attrs?.['transposeA'], args.attrs?.['transposeB']]);
            return config.kernelFunc(args);
          },
        });
      }
      patchWasmMatMul();
      tf.tidy(() => {
        const a = tf.ones([4, 6]);
        tf.matMul(a, a, true, false);
        tf.matMul(a, a, false, true);
        tf.fused.matMul({ a, b: a, transposeA: true, bias: tf.ones([6]), activation: 'relu' });
        tf.matMul(tf.ones([3, 4, 6]), a, false, true); // batch folded into rows
        tf.fused.matMul({ a: tf.ones([2, 6, 4]), b: tf.ones([2, 6, 4]), transposeA: true, bias: tf.ones([4]) });
      });
    } finally {
      unpatchWasmMatMul();
      for (const config of originals) {
        tf.unregisterKernel(config.kernelName, 'wasm');
        tf.registerKernel(config);
      }
      patchWasmMatMul();
    }
    expect(seen).toEqual(Array.from({ length: 5 }, () => [false, false]));
  });

  describe.each(CASES)('$label', ({ batchA, batchB, m, k, n }) => {
    it.each(COMBOS)('matMul transposeA=%s transposeB=%s equals cpu', async (ta, tb) => {
      const s = shapes(batchA, batchB, m, k, n, ta, tb);
      const run = () => [tf.matMul(tf.tensor(values(s.a, 1), s.a), tf.tensor(values(s.b, 2), s.b), ta, tb)];
      const expected = await on('cpu', run);
      const actual = await on('wasm', run);
      expect(maxRelDiff(actual, expected)).toBeLessThan(1e-6);
    });

    it.each(COMBOS)('fused matMul (bias + relu) transposeA=%s transposeB=%s equals cpu', async (ta, tb) => {
      const s = shapes(batchA, batchB, m, k, n, ta, tb);
      const run = () => [
        tf.fused.matMul({
          a: tf.tensor(values(s.a, 3), s.a),
          b: tf.tensor(values(s.b, 4), s.b),
          transposeA: ta,
          transposeB: tb,
          bias: tf.tensor1d(values([n], 5)),
          activation: 'relu',
        }),
      ];
      const expected = await on('cpu', run);
      const actual = await on('wasm', run);
      expect(maxRelDiff(actual, expected)).toBeLessThan(1e-6);
    });
  });

  it.each(['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu', 'prelu'] as const)(
    'batched fused matMul with bias and %s activation equals cpu',
    async (activation) => {
      const s = shapes([3], [3], 6, 8, 5, false, true);
      const run = () => [
        tf.fused.matMul({
          a: tf.tensor(values(s.a, 31), s.a),
          b: tf.tensor(values(s.b, 32), s.b),
          transposeB: true,
          bias: tf.tensor1d(values([5], 33)),
          activation,
          preluActivationWeights: activation === 'prelu' ? tf.tensor1d(values([5], 34)) : undefined,
          leakyreluAlpha: 0.1,
        }),
      ];
      const expected = await on('cpu', run);
      const actual = await on('wasm', run);
      expect(maxRelDiff(actual, expected)).toBeLessThan(1e-6);
    },
  );

  it.each(COMBOS)('gradients of matMul (transposeA=%s, transposeB=%s) equal cpu', async (ta, tb) => {
    const s = shapes([], [], 21, 17, 13, ta, tb);
    const weights = values([21, 13], 9);
    const run = () => {
      const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a, b, ta, tb), tf.tensor2d(weights, [21, 13])));
      return tf.grads(loss)([tf.tensor(values(s.a, 7), s.a), tf.tensor(values(s.b, 8), s.b)]);
    };
    const expected = await on('cpu', run);
    const actual = await on('wasm', run);
    expect(maxRelDiff(actual, expected)).toBeLessThan(1e-6);
  });

  it('gradients of a fused dense layer (bias + relu, through variableGrads) equal cpu', async () => {
    const x = values([16, 24], 11);
    const w = values([24, 10], 12);
    const run = () => {
      const a = tf.tensor2d(x, [16, 24]);
      const wt = tf.tensor2d(w, [24, 10]);
      const bias = tf.tensor1d(values([10], 13));
      return tf.grads((ww: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.square(tf.fused.matMul({ a, b: ww as tf.Tensor2D, bias: bb, activation: 'relu' }))),
      )([wt, bias]);
    };
    const expected = await on('cpu', run);
    const actual = await on('wasm', run);
    expect(maxRelDiff(actual, expected)).toBeLessThan(1e-6);
  });

  it('leaks no tensors, no wasm buffers and no wasm heap', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as tf.KernelBackend & { wasm: { HEAPU8: Uint8Array } };
    const a = tf.tensor2d(values([512, 512], 21), [512, 512]);
    const b = tf.tensor2d(values([512, 512], 22), [512, 512]);
    const step = () =>
      tf.tidy(() => {
        const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y, true, true)))([a, b]);
        const f = tf.fused.matMul({ a: ga as tf.Tensor2D, b: gb as tf.Tensor2D, transposeB: true, activation: 'relu' });
        // The batch-fold and the batched fused (bias + activation) paths.
        const a3 = tf.reshape(ga as tf.Tensor, [4, 128, 512]);
        const folded = tf.matMul(a3, gb as tf.Tensor2D, false, true);
        const b3 = tf.reshape(gb as tf.Tensor, [4, 128, 512]);
        const batched = tf.fused.matMul({ a: a3, b: b3, transposeB: true, bias: tf.ones([128]), activation: 'elu' });
        return tf.add(tf.sum(f), tf.add(tf.sum(folded), tf.sum(batched)));
      }).dispose();
    step(); // warm-up: lets the heap reach its working size
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    const heap = backend.wasm.HEAPU8.length;
    // 20 steps each allocate and release ~10 temporaries of 0.5–1 MiB: a leak would grow the heap.
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    expect(backend.wasm.HEAPU8.length).toBe(heap);
    tf.dispose([a, b]);
  });
});
