import { tf } from '../tf.js';
import { pseudoRandomValues } from '../testing/pseudo-random.js';
import { describeEachBackend, expectNoTensorLeak, relativeVectorError } from '../testing/backends.test-util.js';
import { initBackend, shutdownBackend } from './select-backend.js';
import {
  copy3Js,
  copy3Wasm,
  DEFAULT_MAX_CHUNK_BYTES,
  DEFAULT_MAX_CHUNK_ROWS,
  isWasmConvKernelsRegistered,
  registerWasmConvKernels,
  unregisterWasmConvKernels,
  UnsupportedWasmConvError,
} from './wasm-conv-kernels.js';
import { isWasmMatMulPatched, patchWasmMatMul, unpatchWasmMatMul } from './wasm-matmul-patch.js';

type Pad = 'same' | 'valid';
type Shape4 = [number, number, number, number];

const values = pseudoRandomValues;

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** TensorFlow's output size and leading padding, written out independently of tfjs. */
function outAndPad(n: number, f: number, s: number, pad: Pad): { out: number; before: number } {
  if (pad === 'valid') return { out: Math.ceil((n - f + 1) / s), before: 0 };
  const out = Math.ceil(n / s);
  return { out, before: Math.floor(Math.max((out - 1) * s + f - n, 0) / 2) };
}

function convOutShape(xs: Shape4, fs: Shape4, stride: number, pad: Pad): Shape4 {
  return [xs[0], outAndPad(xs[1], fs[0], stride, pad).out, outAndPad(xs[2], fs[1], stride, pad).out, fs[3]];
}

/**
 * Float64 reference gradients of L = Σ conv2d(x, f) ⊙ w (NHWC, dilation 1): dL/dx and dL/df.
 * `w` has the conv output's shape.
 */
function referenceGrads(x: Float32Array, xs: Shape4, f: Float32Array, fs: Shape4, w: Float32Array, stride: number, pad: Pad) {
  const [n, h, wd, c] = xs;
  const [fh, fw, , o] = fs;
  const vh = outAndPad(h, fh, stride, pad);
  const vw = outAndPad(wd, fw, stride, pad);
  const dx = new Float64Array(x.length);
  const df = new Float64Array(f.length);
  for (let b = 0; b < n; b++) {
    for (let oh = 0; oh < vh.out; oh++) {
      for (let ow = 0; ow < vw.out; ow++) {
        for (let kh = 0; kh < fh; kh++) {
          const ih = oh * stride + kh - vh.before;
          if (ih < 0 || ih >= h) continue;
          for (let kw = 0; kw < fw; kw++) {
            const iw = ow * stride + kw - vw.before;
            if (iw < 0 || iw >= wd) continue;
            for (let ci = 0; ci < c; ci++) {
              const xi = ((b * h + ih) * wd + iw) * c + ci;
              for (let co = 0; co < o; co++) {
                const g = w[((b * vh.out + oh) * vw.out + ow) * o + co];
                const fi = ((kh * fw + kw) * c + ci) * o + co;
                dx[xi] += g * f[fi];
                df[fi] += g * x[xi];
              }
            }
          }
        }
      }
    }
  }
  return { dx, df };
}

interface ConvCase {
  label: string;
  x: Shape4;
  f: Shape4;
  stride: number;
  pad: Pad;
}

const CASES: ConvCase[] = [
  { label: '5×5 stride 2 valid (input block)', x: [3, 13, 14, 2], f: [5, 5, 2, 6], stride: 2, pad: 'valid' },
  { label: '5×5 stride 1 same (residual block)', x: [3, 8, 7, 6], f: [5, 5, 6, 5], stride: 1, pad: 'same' },
  { label: '5×5 stride 2 same', x: [2, 9, 10, 3], f: [5, 5, 3, 4], stride: 2, pad: 'same' },
  { label: '3×5 stride 1 valid', x: [2, 9, 8, 5], f: [3, 5, 5, 3], stride: 1, pad: 'valid' },
  { label: '4×4 stride 2 same (even filter, asymmetric padding)', x: [2, 8, 7, 3], f: [4, 4, 3, 2], stride: 2, pad: 'same' },
  { label: '5×5 stride 1 same, one input channel', x: [4, 6, 6, 1], f: [5, 5, 1, 3], stride: 1, pad: 'same' },
];

/** dL/dx and dL/df of L = Σ conv2d(x, f) ⊙ w on the current backend. */
function convGrads(k: ConvCase, w: Float32Array, outShape: Shape4): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(size(k.x), 1), k.x);
    const f = tf.tensor4d(values(size(k.f), 2), k.f);
    const weights = tf.tensor4d(w, outShape);
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, k.stride, k.pad), weights)),
    )([x, f]);
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

/**
 * The residual net in small: input block (conv 5×5 stride 2 'valid' + bias → BN → relu), one
 * residual block (conv 5×5 'same' + bias → BN → relu, + skip → BN → relu), L = Σ out ⊙ w.
 */
function smallNet(x: tf.Tensor, f1: tf.Tensor, f2: tf.Tensor): tf.Scalar {
  const bn = (t: tf.Tensor) => {
    const { mean, variance } = tf.moments(t, [0, 1, 2]);
    return tf.div(tf.sub(t, mean), tf.sqrt(tf.add(variance, 1e-5)));
  };
  const b1 = tf.tensor1d(values(8, 5));
  const b2 = tf.tensor1d(values(8, 6));
  const h1 = tf.relu(bn(tf.add(tf.conv2d(x as tf.Tensor4D, f1 as tf.Tensor4D, 2, 'valid'), b1)));
  const inner = tf.relu(bn(tf.add(tf.conv2d(h1 as tf.Tensor4D, f2 as tf.Tensor4D, 1, 'same'), b2)));
  const out = tf.relu(bn(tf.add(inner, h1)));
  return tf.sum(tf.mul(out, tf.tensor(values(out.size, 7), out.shape)));
}

const NET = { x: [4, 13, 13, 2] as Shape4, f1: [5, 5, 2, 8] as Shape4, f2: [5, 5, 8, 8] as Shape4 };

/** Gradients of the small net: w.r.t. [x, f1, f2] (backprop) or f2 with a constant input (HSIC layer). */
function netGrads(wrt: 'all' | 'filter'): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(size(NET.x), 11), NET.x);
    const f1 = tf.tensor4d(values(size(NET.f1), 12).map((v) => v * 0.3), NET.f1);
    const f2 = tf.tensor4d(values(size(NET.f2), 13).map((v) => v * 0.2), NET.f2);
    const grads =
      wrt === 'all'
        ? tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => smallNet(a, b, c))([x, f1, f2])
        : tf.grads((c: tf.Tensor) => smallNet(x, f1, c))([f2]);
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

async function on<T>(backend: string, fn: () => T): Promise<T> {
  await tf.setBackend(backend);
  return fn();
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  (tf.backend() as tf.KernelBackend & { firstUse?: boolean }).firstUse = false; // no "install tfjs-node" banner
  registerWasmConvKernels();
});

afterEach(() => {
  registerWasmConvKernels({ maxChunkBytes: DEFAULT_MAX_CHUNK_BYTES, maxChunkRows: DEFAULT_MAX_CHUNK_ROWS, simdCopy: true });
});

describe('which conv gradient kernels tfjs-backend-wasm lacks (probe)', () => {
  it('the residual net gradients use exactly one kernel wasm does not have: Conv2DBackpropFilter', async () => {
    const used = await on('cpu', async () => {
      // tf.profile returns the engine's one profile object, so copy the names before the next call.
      const names = [...(await tf.profile(() => netGrads('all'))).kernelNames];
      names.push(...(await tf.profile(() => netGrads('filter'))).kernelNames);
      return new Set(names);
    });
    expect(used).toContain('Conv2DBackpropFilter');
    expect(used).toContain('Conv2DBackpropInput');
    unregisterWasmConvKernels();
    try {
      expect([...used].filter((name) => tf.getKernel(name, 'wasm') == null)).toEqual(['Conv2DBackpropFilter']);
      await tf.setBackend('wasm');
      expect(() => netGrads('filter')).toThrow(/Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'/);
    } finally {
      registerWasmConvKernels();
    }
  });
});

describe('registerWasmConvKernels', () => {
  it('is idempotent, touches only wasm, and unregister restores tfjs kernels', () => {
    const others = ['cpu', 'webgl'].map(
      (backend) =>
        [backend, new Map(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Conv2D'].map((n) => [n, tf.getKernel(n, backend)]))] as const,
    );
    expect(isWasmConvKernelsRegistered()).toBe(true);
    const ours = tf.getKernel('Conv2DBackpropFilter', 'wasm').kernelFunc;
    expect(registerWasmConvKernels()).toBe(false);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm').kernelFunc).toBe(ours);

    expect(unregisterWasmConvKernels()).toBe(true);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    const tfjsInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
    expect(tfjsInput).toBeDefined();
    expect(unregisterWasmConvKernels()).toBe(false);

    expect(registerWasmConvKernels()).toBe(true);
    expect(isWasmConvKernelsRegistered()).toBe(true);
    expect(unregisterWasmConvKernels()).toBe(true);
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm').kernelFunc).toBe(tfjsInput.kernelFunc);
    expect(registerWasmConvKernels()).toBe(true);

    for (const [backend, before] of others) {
      for (const name of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Conv2D']) {
        expect(tf.getKernel(name, backend)).toBe(before.get(name));
      }
    }
  });

  it('rejects a non-positive chunk size', () => {
    expect(() => registerWasmConvKernels({ maxChunkBytes: 0 })).toThrow(/maxChunkBytes must be positive/);
    expect(() => registerWasmConvKernels({ maxChunkRows: -1 })).toThrow(/maxChunkRows must be positive/);
  });
});

describeEachBackend('conv2d gradients against a float64 reference', (backend) => {
  it.each(CASES)('$label: filter and input gradients', (k) => {
    const x = values(size(k.x), 1);
    const f = values(size(k.f), 2);
    const shape = convOutShape(k.x, k.f, k.stride, k.pad);
    const w = values(size(shape), 3);
    const ref = referenceGrads(x, k.x, f, k.f, w, k.stride, k.pad);
    const [dx, df] = convGrads(k, w, shape);
    expect(relativeVectorError(dx, ref.dx)).toBeLessThan(1e-5);
    expect(relativeVectorError(df, ref.df)).toBeLessThan(1e-5);
  });

  it('the gradient step leaks no tensors', async () => {
    const k = CASES[1];
    const shape = convOutShape(k.x, k.f, k.stride, k.pad);
    const w = values(size(shape), 3);
    convGrads(k, w, shape);
    await expectNoTensorLeak(() => {
      convGrads(k, w, shape);
      netGrads('all');
    });
    expect(tf.getBackend()).toBe(backend);
  });
});

describe('wasm conv kernels', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it.each(['all', 'filter'] as const)('gradients of the small residual net (w.r.t. %s) equal cpu to 1e-4', async (wrt) => {
    const expected = await on('cpu', () => netGrads(wrt));
    const actual = await on('wasm', () => netGrads(wrt));
    expect(actual).toHaveLength(wrt === 'all' ? 3 : 1);
    actual.forEach((a, i) => expect(relativeVectorError(a, expected[i]!)).toBeLessThan(1e-4));
  });

  it.each([
    ['one image per chunk', { maxChunkBytes: 1 }],
    ['chunks of 2 images', { maxChunkBytes: 2 * 8 * 7 * 150 * 4 }],
    ['chunks of at most 100 pixels', { maxChunkRows: 100 }],
    ['the JS gather (simdCopy: false)', { simdCopy: false }],
  ])('%s gives the same gradients', async (_label, options) => {
    await tf.setBackend('wasm');
    const reference = netGrads('all');
    const k = CASES[1];
    const w = values(3 * 8 * 7 * 5, 3);
    const single = convGrads(k, w, [3, 8, 7, 5]);
    registerWasmConvKernels(options);
    const chunked = netGrads('all');
    chunked.forEach((g, i) => expect(relativeVectorError(g, reference[i]!)).toBeLessThan(1e-6));
    convGrads(k, w, [3, 8, 7, 5]).forEach((g, i) => expect(relativeVectorError(g, single[i]!)).toBeLessThan(1e-6));
  });

  it('is correct with and without the matmul patch', async () => {
    const expected = await on('cpu', () => netGrads('all'));
    await tf.setBackend('wasm');
    const wasPatched = isWasmMatMulPatched();
    try {
      for (const patched of [false, true]) {
        if (patched) patchWasmMatMul();
        else unpatchWasmMatMul();
        netGrads('all').forEach((g, i) => expect(relativeVectorError(g, expected[i]!)).toBeLessThan(1e-4));
      }
    } finally {
      if (wasPatched) patchWasmMatMul();
      else unpatchWasmMatMul();
    }
  });

  it('leaks no tensors, no wasm buffers and no wasm heap (chunked and unchunked)', () => {
    const backend = tf.backend() as tf.KernelBackend & { wasm: { HEAPU8: Uint8Array } };
    const step = () => {
      netGrads('all');
      netGrads('filter');
    };
    for (const options of [{ maxChunkBytes: DEFAULT_MAX_CHUNK_BYTES }, { maxChunkBytes: 1 }]) {
      registerWasmConvKernels(options);
      step(); // warm-up: lets the heap reach its working size
      const tensors = tf.memory().numTensors;
      const buffers = backend.numDataIds();
      const heap = backend.wasm.HEAPU8.length;
      for (let i = 0; i < 5; i++) step();
      expect(tf.memory().numTensors).toBe(tensors);
      expect(backend.numDataIds()).toBe(buffers);
      expect(backend.wasm.HEAPU8.length).toBe(heap);
    }
  });

  it('an empty batch has zero gradients', () => {
    tf.tidy(() => {
      const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
      const dy = tf.zeros([0, 9, 9, 4]);
      const df = tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.zeros([0, 9, 9, 3]), dy }, { ...attrs, filterShape: [3, 3, 3, 4] }) as tf.Tensor;
      expect(df.shape).toEqual([3, 3, 3, 4]);
      expect(Array.from(df.dataSync()).every((v) => v === 0)).toBe(true);
      const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: tf.ones([3, 3, 3, 4]) }, { ...attrs, inputShape: [0, 9, 9, 3] }) as tf.Tensor;
      expect(dx.shape).toEqual([0, 9, 9, 3]);
    });
  });

  describe('unsupported configurations', () => {
    const x = () => tf.tensor4d(values(2 * 9 * 9 * 3, 1), [2, 9, 9, 3]);
    const f = () => tf.tensor4d(values(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
    const filterGrad = (conv: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor) => () =>
      tf.tidy(() => {
        const input = x();
        tf.grads((b: tf.Tensor) => tf.sum(conv(input, b as tf.Tensor4D)))([f()]);
      });

    it.each([
      ['stride 3', (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, 3, 'valid'), /unsupported: strides \[3,3\] \(only 1 or 2\)/],
      ['numeric padding', (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, 1, 1), /unsupported: pad 1 \(only 'same' or 'valid'\)/],
      [
        'explicit padding',
        (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]),
        /unsupported: pad \[\[0,0\],\[1,1\],\[1,1\],\[0,0\]\]/,
      ],
    ])('filter gradient with %s throws a clear error', (_label, conv, message) => {
      // (A gradient that throws leaves the tape's saved tensors behind: tfjs behaviour, any kernel.)
      expect(filterGrad(conv)).toThrow(UnsupportedWasmConvError);
      expect(filterGrad(conv)).toThrow(message);
      expect(filterGrad(conv)).toThrow(/Conv2DBackpropFilter on the wasm backend .* supports NHWC float32, strides 1 or 2/);
    });

    it('an NCHW filter gradient throws a clear error, and the kernel leaves nothing behind', async () => {
      const dy = tf.zeros([2, 4, 9, 9]);
      const input = tf.zeros([2, 3, 9, 9]);
      const backend = tf.backend() as tf.KernelBackend;
      const buffers = backend.numDataIds();
      await expectNoTensorLeak(() => {
        expect(() =>
          tf.engine().runKernel('Conv2DBackpropFilter', { x: input, dy }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] }),
        ).toThrow(/unsupported: dataFormat 'NCHW' \(only 'NHWC'\)/);
      });
      expect(backend.numDataIds()).toBe(buffers);
      tf.dispose([dy, input]);
    });

    it('an unsupported input gradient falls back to the tfjs kernel (stride 3, equal to cpu)', async () => {
      const run = () =>
        tf.tidy(() => {
          const input = x();
          return tf.grads((a: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, f(), 3, 'valid'))))([input])[0]!.dataSync();
        });
      const expected = await on('cpu', run);
      const actual = await on('wasm', run);
      expect(relativeVectorError(actual, expected)).toBeLessThan(1e-5);
    });
  });
});

describe('copy3', () => {
  it('the WebAssembly gather equals its JS twin (SIMD runs with every tail length, strided runs)', () => {
    const memory = new WebAssembly.Memory({ initial: 2 });
    const wasm = copy3Wasm(memory);
    expect(wasm).not.toBeNull();
    const heap = new Float32Array(memory.buffer);
    const js = copy3Js(heap);
    const src = 1000;
    const dst = 20000;
    const area = 12000;
    heap.set(values(area, 9), src);
    for (const [n0, n1, n2, ss2, dp0, dp1, sp0, sp1] of [
      [1, 1, 37, 1, 0, 0, 0, 0],
      [3, 4, 9, 1, 40, 9, 301, 17],
      [2, 5, 7, 2, 40, 7, 155, 23],
      [4, 3, 5, 64, 16, 5, 1, 3],
      [2, 2, 0, 1, 1, 1, 1, 1],
      ...Array.from({ length: 8 }, (_, t) => [2, 3, 4 + t, 1, 60, 20, 211, 29 + t]),
    ]) {
      heap.fill(-7, dst, dst + 2 * area);
      wasm!(dst, dp0!, dp1!, src, sp0!, sp1!, n0!, n1!, n2!, ss2!);
      const fromWasm = heap.slice(dst, dst + area);
      heap.fill(-7, dst, dst + 2 * area);
      js(dst, dp0!, dp1!, src, sp0!, sp1!, n0!, n1!, n2!, ss2!);
      const fromJs = heap.slice(dst, dst + area);
      expect(fromWasm.findIndex((v, i) => !Object.is(v, fromJs[i]))).toBe(-1);
      expect(fromJs.filter((v) => v !== -7).length).toBe(n0! * n1! * n2!); // (the cases do not overlap)
    }
  });

  it('instantiates on a shared memory (the threaded build)', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    const copy = copy3Wasm(memory);
    expect(copy).not.toBeNull();
    const heap = new Float32Array(memory.buffer);
    heap.set([1, 2, 3, 4, 5, 6], 0);
    copy!(100, 0, 0, 0, 0, 0, 1, 1, 6, 1);
    expect(Array.from(heap.subarray(100, 106))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('initBackend', () => {
  afterAll(async () => {
    await shutdownBackend();
  });

  it('registers the conv kernels when it chooses wasm', async () => {
    unregisterWasmConvKernels();
    expect(isWasmConvKernelsRegistered()).toBe(false);
    const info = await initBackend({ prefer: 'wasm', logger: () => undefined });
    expect(info.name).toBe('wasm');
    expect(isWasmConvKernelsRegistered()).toBe(true);
    const k = CASES[0];
    const x = values(size(k.x), 1);
    const f = values(size(k.f), 2);
    const shape = convOutShape(k.x, k.f, k.stride, k.pad);
    const w = values(size(shape), 3);
    const ref = referenceGrads(x, k.x, f, k.f, w, k.stride, k.pad);
    const [, df] = convGrads(k, w, shape);
    expect(relativeVectorError(df, ref.df)).toBeLessThan(1e-5);
  });
});
