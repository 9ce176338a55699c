// Trap 4 of ENGINE-NOTES: tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` kernel (the gradient of
// tf.conv2d w.r.t. its filter throws "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"),
// and its `Conv2DBackpropInput` is a scalar C++ loop (6.4 s for the 512-image residual block, 8× the
// forward conv). A probe of tf.grads through conv2d + bias + BatchNorm (tf.moments) + relu, for the
// residual net's two shapes (5×5 stride 2 'valid', 5×5 stride 1 'same'), finds exactly one missing
// kernel, Conv2DBackpropFilter; every other kernel on that path exists on wasm.
//
// This module registers, for the 'wasm' backend only:
//   Conv2DBackpropFilter  new:      dWᵀ = dYᵀ · im2col(x), the batch processed in chunks;
//   Conv2DBackpropInput   replaced: stride 1 → dX = im2col(dY padded, flipped filter) · W′ (a forward
//                                   conv, no scatter); stride ≥ 2 → dCols = dY · Wᵀ, then col2im
//                                   (scatter-add). Unsupported configurations go to the original kernel;
//   Conv2D                opt-in (forward: true), replaced: im2col(x) · W. Measured no faster than
//                                   tfjs's XNNPACK convolution, so off by default (see README).
// im2col is built with typed-array copies inside the wasm heap (`copyWithin` of the contiguous
// fw·C run of an NHWC row per (pixel, kh)); every product is one untransposed, batch-1 BatchMatMul, the
// XNNPACK path, so the kernels are fast with or without the matmul patch (trap 1). The im2col matrix
// of a chunk is bounded by `maxChunkBytes` (the 512×144×1600 matrix would be 472 MB).
//
// Supported: NHWC, float32, strides 1 or 2 (per dimension), pad 'same' or 'valid', dilation 1. Anything
// else throws a clear error from Conv2DBackpropFilter (tfjs-wasm has no kernel to fall back to).
//
// Kernels run below the engine: the temporaries here are raw wasm buffers released before returning;
// nothing is tracked by tf.tidy or counted in tf.memory(). The ops' gradients are unchanged.
import { tf } from '../tf.js';

const MARK = Symbol.for('@hsic/engine.wasmConvKernels.original');

type KernelFunc = tf.KernelConfig['kernelFunc'];
type KernelArgs = Parameters<KernelFunc>[0];
type MarkedKernelFunc = KernelFunc & { [MARK]?: KernelFunc | null };
type DataId = tf.TensorInfo['dataId'];

/** The parts of tfjs-backend-wasm's BackendWasm these kernels use. */
interface WasmBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  disposeData(dataId: DataId): boolean;
}

export const WASM_CONV_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] as const;
export const WASM_CONV_FORWARD_KERNEL = 'Conv2D';

export interface WasmConvKernelOptions {
  /** Also replace the forward Conv2D kernel by im2col + matmul (default false: no faster, see README). */
  forward?: boolean;
  /** Upper bound for one chunk's im2col matrix in bytes (default 32 MiB; at least one image per chunk). */
  maxChunkBytes?: number;
}

export const DEFAULT_MAX_CHUNK_BYTES = 32 * 1024 * 1024;
let maxChunkFloats = DEFAULT_MAX_CHUNK_BYTES / 4;

/** Thrown for a convolution these kernels do not implement (and tfjs-wasm has no kernel for). */
export class UnsupportedWasmConvError extends Error {
  override name = 'UnsupportedWasmConvError';
}

/** Convolution geometry, NHWC, with the explicit top/left padding of tfjs's computeConv2DInfo. */
interface Geometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
}

interface ConvAttrs {
  strides?: unknown;
  pad?: unknown;
  dataFormat?: unknown;
  dilations?: unknown;
  dimRoundingMode?: unknown;
}

const asPair = (v: unknown): [number, number] | null =>
  typeof v === 'number' ? [v, v] : Array.isArray(v) && v.length === 2 ? [Number(v[0]), Number(v[1])] : null;

/**
 * The geometry when the configuration is supported, else the reason it is not. `xShape` is the conv's
 * input shape and `filterShape` [fh, fw, inC, outC].
 */
function geometry(
  kernel: string,
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrs,
  dtypes: readonly string[],
): Geometry | string {
  const problems: string[] = [];
  const dataFormat = attrs.dataFormat ?? 'NHWC';
  if (dataFormat !== 'NHWC') problems.push(`dataFormat '${String(dataFormat)}' (only 'NHWC')`);
  const strides = asPair(attrs.strides);
  if (strides == null || !strides.every((s) => s === 1 || s === 2)) {
    problems.push(`strides ${JSON.stringify(attrs.strides)} (only 1 or 2)`);
  }
  const dilations = attrs.dilations == null ? [1, 1] : asPair(attrs.dilations);
  if (dilations == null || !dilations.every((d) => d === 1)) {
    problems.push(`dilations ${JSON.stringify(attrs.dilations)} (only 1)`);
  }
  if (attrs.pad !== 'same' && attrs.pad !== 'valid') problems.push(`pad ${JSON.stringify(attrs.pad)} (only 'same' or 'valid')`);
  if (xShape.length !== 4 || filterShape.length !== 4) {
    problems.push(`input shape [${xShape.join(',')}] / filter shape [${filterShape.join(',')}] (rank 4 each)`);
  }
  const badDtype = dtypes.find((d) => d !== 'float32');
  if (badDtype != null) problems.push(`dtype ${badDtype} (only float32)`);
  if (problems.length > 0) {
    return (
      `${kernel} on the wasm backend (engine kernel, libs/engine/src/backend/wasm-conv-kernels.ts) supports ` +
      `NHWC float32, strides 1 or 2, pad 'same' or 'valid' and dilation 1; unsupported here: ${problems.join('; ')}`
    );
  }
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides as [number, number],
    1,
    attrs.pad as 'same' | 'valid',
    undefined,
    false,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    fh: info.filterHeight,
    fw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
}

/** Raw wasm-heap access and temporaries for one kernel call. */
class Heap {
  private readonly temporaries: tf.TensorInfo[] = [];
  constructor(readonly backend: WasmBackend) {}

  /** A fresh view of the whole heap (an allocation may grow the memory and detach older views). */
  get f32(): Float32Array {
    return new Float32Array(this.backend.wasm.HEAPU8.buffer);
  }

  /** Index of a tensor's first element in `f32`. */
  offset(info: tf.TensorInfo): number {
    const data = this.backend.dataIdMap.get(info.dataId);
    if (data == null) throw new Error('wasm conv kernel: tensor data not found on the wasm backend');
    return data.memoryOffset / 4;
  }

  /** A new uninitialized float32 buffer, released by `dispose` unless it is the kernel's result. */
  alloc(shape: number[]): tf.TensorInfo {
    const info = this.backend.makeOutput(shape, 'float32');
    this.temporaries.push(info);
    return info;
  }

  /** c = a · b for a = [1, m, k], b = [1, k, n], through the currently registered wasm BatchMatMul. */
  matMul(a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
    const kernel = tf.getKernel('BatchMatMul', 'wasm');
    const out = kernel.kernelFunc({
      inputs: { a, b },
      backend: this.backend as unknown as KernelArgs['backend'],
      attrs: { transposeA: false, transposeB: false },
    }) as tf.TensorInfo;
    this.temporaries.push(out);
    return out;
  }

  release(info: tf.TensorInfo): void {
    const i = this.temporaries.indexOf(info);
    if (i >= 0) this.temporaries.splice(i, 1);
    this.backend.disposeData(info.dataId);
  }

  dispose(keep?: tf.TensorInfo): void {
    for (const t of this.temporaries) if (t.dataId !== keep?.dataId) this.backend.disposeData(t.dataId);
    this.temporaries.length = 0;
  }
}

/** Runs shorter than this are copied element by element (copyWithin's call overhead dominates). */
const SHORT_RUN = 24;

/**
 * im2col for `images` NHWC images starting at heap index `src`, each h×w×c, into rows of
 * fh·fw·c values at heap index `dst`, one row per output pixel (outH×outW per image, row-major),
 * the columns ordered (kh, kw, c) like a [fh, fw, c, ·] filter. Out-of-image taps are zero.
 */
function im2col(
  heap: Float32Array,
  src: number,
  dst: number,
  images: number,
  h: number,
  w: number,
  c: number,
  outH: number,
  outW: number,
  fh: number,
  fw: number,
  sh: number,
  sw: number,
  top: number,
  left: number,
): void {
  const rowLen = fw * c;
  const imageSize = h * w * c;
  let d = dst;
  for (let n = 0; n < images; n++) {
    const base = src + n * imageSize;
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * sh - top;
      for (let ow = 0; ow < outW; ow++) {
        const iw0 = ow * sw - left;
        const kwLo = Math.max(0, -iw0);
        const kwHi = Math.min(fw, w - iw0);
        const runStart = kwLo * c;
        const runEnd = kwHi * c;
        for (let kh = 0; kh < fh; kh++, d += rowLen) {
          const ih = ih0 + kh;
          if (ih < 0 || ih >= h || kwHi <= kwLo) {
            heap.fill(0, d, d + rowLen);
            continue;
          }
          if (runStart > 0) heap.fill(0, d, d + runStart);
          const s = base + (ih * w + iw0 + kwLo) * c;
          const len = runEnd - runStart;
          if (len < SHORT_RUN) {
            for (let i = 0, t = d + runStart; i < len; i++) heap[t + i] = heap[s + i];
          } else {
            heap.copyWithin(d + runStart, s, s + len);
          }
          if (runEnd < rowLen) heap.fill(0, d + runEnd, d + rowLen);
        }
      }
    }
  }
}

/** Images per chunk so that one chunk's im2col matrix stays under the byte budget (at least 1). */
function chunkImages(rowsPerImage: number, rowLength: number, batch: number): number {
  return Math.max(1, Math.min(batch, Math.floor(maxChunkFloats / Math.max(1, rowsPerImage * rowLength))));
}

/**
 * Transposed im2col: for `images` NHWC images at heap index `src` (h×w×c each), writes the
 * [fh·fw·c, images·outH·outW] matrix colsᵀ at `dst`: row (kh, kw, ci), column (image, oh, ow). The input
 * is first made channel-major (`scratch`, h·w·c·images floats; skipped for c = 1) so that every row
 * is gathered from contiguous (stride 1) or stride-2 runs of one channel plane.
 */
function im2colT(
  heap: Float32Array,
  src: number,
  scratch: number,
  dst: number,
  images: number,
  h: number,
  w: number,
  c: number,
  outH: number,
  outW: number,
  fh: number,
  fw: number,
  sh: number,
  sw: number,
  top: number,
  left: number,
): void {
  const plane = images * h * w;
  let xT = src;
  if (c > 1) {
    for (let i = 0; i < plane; i++) {
      const s = src + i * c;
      for (let ci = 0; ci < c; ci++) heap[scratch + ci * plane + i] = heap[s + ci];
    }
    xT = scratch;
  }
  let d = dst;
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      // Output columns whose input column iw = ow·sw + kw − left lies inside the image.
      const owLo = Math.min(outW, Math.max(0, Math.ceil((left - kw) / sw)));
      const owHi = Math.max(owLo, Math.min(outW, Math.floor((w - 1 + left - kw) / sw) + 1));
      const iwLo = owLo * sw + kw - left;
      for (let ci = 0; ci < c; ci++) {
        const channel = xT + ci * plane;
        for (let n = 0; n < images; n++) {
          const image = channel + n * h * w;
          for (let oh = 0; oh < outH; oh++, d += outW) {
            const ih = oh * sh + kh - top;
            if (ih < 0 || ih >= h) {
              for (let ow = 0; ow < outW; ow++) heap[d + ow] = 0;
              continue;
            }
            for (let ow = 0; ow < owLo; ow++) heap[d + ow] = 0;
            const s = image + ih * w + iwLo - owLo * sw;
            if (sw === 1) {
              for (let ow = owLo; ow < owHi; ow++) heap[d + ow] = heap[s + ow];
            } else {
              for (let ow = owLo; ow < owHi; ow++) heap[d + ow] = heap[s + ow * sw];
            }
            for (let ow = owHi; ow < outW; ow++) heap[d + ow] = 0;
          }
        }
      }
    }
  }
}

/**
 * dW[fh, fw, inC, outC] = Σ over chunks of colsᵀ · dY: colsᵀ [fh·fw·inC, pixels] is the left operand,
 * so the right operand XNNPACK packs on every call is the small dY chunk [pixels, outC] (packing a
 * 4608×1600 cols matrix instead costs ~100 ms per call, 3× the product itself).
 */
function backpropFilter(heap: Heap, x: tf.TensorInfo, dy: tf.TensorInfo, g: Geometry, filterShape: number[]): tf.TensorInfo {
  const k = g.fh * g.fw * g.inC;
  const pixels = g.outH * g.outW;
  const per = chunkImages(pixels, k, g.batch);
  const acc = per >= g.batch ? null : new Float64Array(k * g.outC);
  for (let b0 = 0; b0 < g.batch; b0 += per) {
    const images = Math.min(per, g.batch - b0);
    const rows = images * pixels;
    const colsT = heap.alloc([1, k, rows]);
    const scratch = g.inC > 1 ? heap.alloc([images * g.inH * g.inW * g.inC]) : null;
    let dyChunk: tf.TensorInfo;
    if (acc == null) {
      dyChunk = { dataId: dy.dataId, shape: [1, rows, g.outC], dtype: 'float32' };
    } else {
      dyChunk = heap.alloc([1, rows, g.outC]);
      const s = heap.offset(dy) + b0 * pixels * g.outC;
      heap.f32.copyWithin(heap.offset(dyChunk), s, s + rows * g.outC);
    }
    const t0 = performance.now();
    im2colT(heap.f32, heap.offset(x) + b0 * g.inH * g.inW * g.inC, scratch == null ? 0 : heap.offset(scratch),
      heap.offset(colsT), images, g.inH, g.inW, g.inC, g.outH, g.outW, g.fh, g.fw, g.sh, g.sw, g.top, g.left);
    if (scratch != null) heap.release(scratch);
    const t1 = performance.now();
    const prod = heap.matMul(colsT, dyChunk); // [1, k, outC], the filter's layout
    (globalThis as any).PROF ??= { im2col: 0, mm: 0 }; (globalThis as any).PROF.im2col += t1 - t0; (globalThis as any).PROF.mm += performance.now() - t1;
    heap.release(colsT);
    if (acc == null) return { dataId: prod.dataId, shape: filterShape, dtype: 'float32' };
    heap.release(dyChunk);
    const f32 = heap.f32;
    const p = heap.offset(prod);
    for (let i = 0; i < acc.length; i++) acc[i] += f32[p + i];
    heap.release(prod);
  }
  const out = heap.alloc(filterShape);
  heap.f32.set(acc!, heap.offset(out));
  return out;
}

/** Stride 1: dX = conv(dY, W′) with W′[kh, kw, co, ci] = W[fh−1−kh, fw−1−kw, ci, co], 'full'-style padding. */
function backpropInputStride1(heap: Heap, dy: tf.TensorInfo, filter: tf.TensorInfo, g: Geometry, inShape: number[]): tf.TensorInfo {
  const k = g.fh * g.fw * g.outC;
  const pixels = g.inH * g.inW;
  const flipped = heap.alloc([1, k, g.inC]);
  {
    const f32 = heap.f32;
    const w = heap.offset(filter);
    const o = heap.offset(flipped);
    for (let kh = 0; kh < g.fh; kh++) {
      for (let kw = 0; kw < g.fw; kw++) {
        const from = w + ((g.fh - 1 - kh) * g.fw + (g.fw - 1 - kw)) * g.inC * g.outC;
        const to = o + (kh * g.fw + kw) * g.outC * g.inC;
        for (let ci = 0; ci < g.inC; ci++) {
          for (let co = 0; co < g.outC; co++) f32[to + co * g.inC + ci] = f32[from + ci * g.outC + co];
        }
      }
    }
  }
  const out = heap.alloc(inShape);
  const per = chunkImages(pixels, k, g.batch);
  for (let b0 = 0; b0 < g.batch; b0 += per) {
    const images = Math.min(per, g.batch - b0);
    const rows = images * pixels;
    const cols = heap.alloc([1, rows, k]);
    im2col(heap.f32, heap.offset(dy) + b0 * g.outH * g.outW * g.outC, heap.offset(cols), images,
      g.outH, g.outW, g.outC, g.inH, g.inW, g.fh, g.fw, 1, 1, g.fh - 1 - g.top, g.fw - 1 - g.left);
    const prod = heap.matMul(cols, flipped); // [1, rows, inC]
    heap.release(cols);
    const p = heap.offset(prod);
    const start = heap.offset(out) + b0 * pixels * g.inC;
    heap.f32.copyWithin(start, p, p + rows * g.inC);
    heap.release(prod);
  }
  heap.release(flipped);
  return out;
}

/** Any stride: dCols = dY · Wᵀ per chunk, then col2im (scatter-add into dX). */
function backpropInputScatter(heap: Heap, dy: tf.TensorInfo, filter: tf.TensorInfo, g: Geometry, inShape: number[]): tf.TensorInfo {
  const k = g.fh * g.fw * g.inC;
  const pixels = g.outH * g.outW;
  const wT = heap.alloc([1, g.outC, k]);
  {
    const f32 = heap.f32;
    const w = heap.offset(filter);
    const o = heap.offset(wT);
    for (let i = 0; i < k; i++) for (let co = 0; co < g.outC; co++) f32[o + co * k + i] = f32[w + i * g.outC + co];
  }
  const out = heap.alloc(inShape);
  heap.f32.fill(0, heap.offset(out), heap.offset(out) + g.batch * g.inH * g.inW * g.inC);
  const per = chunkImages(pixels, k, g.batch);
  const rowLen = g.fw * g.inC;
  const imageSize = g.inH * g.inW * g.inC;
  for (let b0 = 0; b0 < g.batch; b0 += per) {
    const images = Math.min(per, g.batch - b0);
    const rows = images * pixels;
    const dyChunk = heap.alloc([1, rows, g.outC]);
    {
      const s = heap.offset(dy) + b0 * pixels * g.outC;
      heap.f32.copyWithin(heap.offset(dyChunk), s, s + rows * g.outC);
    }
    const cols = heap.matMul(dyChunk, wT); // [1, rows, k]
    heap.release(dyChunk);
    const f32 = heap.f32;
    let c = heap.offset(cols);
    for (let n = 0; n < images; n++) {
      const base = heap.offset(out) + (b0 + n) * imageSize;
      for (let oh = 0; oh < g.outH; oh++) {
        const ih0 = oh * g.sh - g.top;
        for (let ow = 0; ow < g.outW; ow++) {
          const iw0 = ow * g.sw - g.left;
          const runStart = Math.max(0, -iw0) * g.inC;
          const runEnd = Math.min(g.fw, g.inW - iw0) * g.inC;
          for (let kh = 0; kh < g.fh; kh++, c += rowLen) {
            const ih = ih0 + kh;
            if (ih < 0 || ih >= g.inH || runEnd <= runStart) continue;
            const t = base + (ih * g.inW + iw0) * g.inC;
            for (let i = runStart; i < runEnd; i++) f32[t + i] += f32[c + i];
          }
        }
      }
    }
    heap.release(cols);
  }
  heap.release(wT);
  return out;
}

/** y = im2col(x) · W per chunk; W [fh, fw, inC, outC] is used in place as a [fh·fw·inC, outC] matrix. */
function forwardConv(heap: Heap, x: tf.TensorInfo, filter: tf.TensorInfo, g: Geometry): tf.TensorInfo {
  const k = g.fh * g.fw * g.inC;
  const pixels = g.outH * g.outW;
  const outShape = [g.batch, g.outH, g.outW, g.outC];
  const weights: tf.TensorInfo = { dataId: filter.dataId, shape: [1, k, g.outC], dtype: 'float32' };
  const per = chunkImages(pixels, k, g.batch);
  const out = per >= g.batch ? null : heap.alloc(outShape);
  for (let b0 = 0; b0 < g.batch; b0 += per) {
    const images = Math.min(per, g.batch - b0);
    const rows = images * pixels;
    const cols = heap.alloc([1, rows, k]);
    im2col(heap.f32, heap.offset(x) + b0 * g.inH * g.inW * g.inC, heap.offset(cols), images,
      g.inH, g.inW, g.inC, g.outH, g.outW, g.fh, g.fw, g.sh, g.sw, g.top, g.left);
    const prod = heap.matMul(cols, weights); // [1, rows, outC]
    heap.release(cols);
    if (out == null) return { dataId: prod.dataId, shape: outShape, dtype: 'float32' };
    const p = heap.offset(prod);
    heap.f32.copyWithin(heap.offset(out) + b0 * pixels * g.outC, p, p + rows * g.outC);
    heap.release(prod);
  }
  return out!;
}

/** Runs `body` with scratch buffers that are released unless returned (also when it throws). */
function withHeap(args: KernelArgs, body: (heap: Heap) => tf.TensorInfo): tf.TensorInfo {
  const heap = new Heap(args.backend as unknown as WasmBackend);
  let result: tf.TensorInfo | undefined;
  try {
    result = body(heap);
    return result;
  } finally {
    heap.dispose(result);
  }
}

function makeKernel(kernelName: string, original: KernelFunc | null): MarkedKernelFunc {
  const fallback = (args: KernelArgs, reason: string): tf.TensorInfo => {
    if (original == null) throw new UnsupportedWasmConvError(reason);
    return original(args) as tf.TensorInfo;
  };
  let kernel: MarkedKernelFunc;
  switch (kernelName) {
    case 'Conv2DBackpropFilter':
      kernel = (args) => {
        const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
        const filterShape = [...((args.attrs as { filterShape: number[] }).filterShape)];
        const g = geometry(kernelName, x.shape, filterShape, args.attrs as ConvAttrs, [x.dtype, dy.dtype]);
        if (typeof g === 'string') return fallback(args, g);
        return withHeap(args, (heap) => backpropFilter(heap, x, dy, g, filterShape));
      };
      break;
    case 'Conv2DBackpropInput':
      kernel = (args) => {
        const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
        const inShape = [...((args.attrs as { inputShape: number[] }).inputShape)];
        const g = geometry(kernelName, inShape, filter.shape, args.attrs as ConvAttrs, [dy.dtype, filter.dtype]);
        if (typeof g === 'string') return fallback(args, g);
        return withHeap(args, (heap) =>
          g.sh === 1 && g.sw === 1
            ? backpropInputStride1(heap, dy, filter, g, inShape)
            : backpropInputScatter(heap, dy, filter, g, inShape),
        );
      };
      break;
    case 'Conv2D':
      kernel = (args) => {
        const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
        const g = geometry(kernelName, x.shape, filter.shape, args.attrs as ConvAttrs, [x.dtype, filter.dtype]);
        if (typeof g === 'string') return fallback(args, g);
        return withHeap(args, (heap) => forwardConv(heap, x, filter, g));
      };
      break;
    default:
      throw new Error(`wasm conv kernels: no implementation for '${kernelName}'`);
  }
  kernel[MARK] = original;
  return kernel;
}

function isOurs(kernelName: string): boolean {
  const config = tf.getKernel(kernelName, 'wasm');
  return config != null && MARK in (config.kernelFunc as MarkedKernelFunc);
}

function install(kernelName: string): boolean {
  if (isOurs(kernelName)) return false;
  const config = tf.getKernel(kernelName, 'wasm');
  if (config != null) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({
    ...(config ?? {}),
    kernelName,
    backendName: 'wasm',
    kernelFunc: makeKernel(kernelName, config?.kernelFunc ?? null),
  });
  return true;
}

function uninstall(kernelName: string): boolean {
  const config = tf.getKernel(kernelName, 'wasm');
  if (config == null || !(MARK in (config.kernelFunc as MarkedKernelFunc))) return false;
  const original = (config.kernelFunc as MarkedKernelFunc)[MARK];
  tf.unregisterKernel(kernelName, 'wasm');
  if (original != null) tf.registerKernel({ ...config, kernelFunc: original });
  return true;
}

/**
 * Registers the wasm conv gradient kernels (and, with `forward: true`, the im2col Conv2D). Idempotent;
 * returns true when it registered anything. Only the 'wasm' backend's registry is touched. Works before
 * or after the wasm backend is initialized; requires '@tensorflow/tfjs-backend-wasm' to be imported.
 * `forward: false` does not remove a forward kernel registered earlier (use unregisterWasmConvKernels).
 */
export function registerWasmConvKernels(options: WasmConvKernelOptions = {}): boolean {
  if (tf.getKernel('BatchMatMul', 'wasm') == null) {
    throw new Error("wasm kernels are not registered: import '@tensorflow/tfjs-backend-wasm' before registerWasmConvKernels");
  }
  if (options.maxChunkBytes != null) {
    if (!(options.maxChunkBytes > 0)) throw new Error(`maxChunkBytes must be positive, got ${options.maxChunkBytes}`);
    maxChunkFloats = Math.floor(options.maxChunkBytes / 4);
  }
  let changed = false;
  for (const name of WASM_CONV_KERNELS) changed = install(name) || changed;
  if (options.forward === true) changed = install(WASM_CONV_FORWARD_KERNEL) || changed;
  return changed;
}

/** Restores tfjs's own kernels (and removes Conv2DBackpropFilter). Returns true when it changed anything. */
export function unregisterWasmConvKernels(): boolean {
  let changed = false;
  for (const name of [...WASM_CONV_KERNELS, WASM_CONV_FORWARD_KERNEL]) changed = uninstall(name) || changed;
  return changed;
}

/** Which of the engine's conv kernels are currently registered for wasm. */
export function wasmConvKernelsRegistered(): { backpropFilter: boolean; backpropInput: boolean; forward: boolean } {
  return {
    backpropFilter: isOurs('Conv2DBackpropFilter'),
    backpropInput: isOurs('Conv2DBackpropInput'),
    forward: isOurs(WASM_CONV_FORWARD_KERNEL),
  };
}
