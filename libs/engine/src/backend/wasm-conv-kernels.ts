// Trap 4 of ENGINE-NOTES: tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` kernel (the gradient of
// tf.conv2d w.r.t. its filter throws "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"),
// and its `Conv2DBackpropInput` is a scalar C++ loop (6.4 s for the 512-image residual block on an idle
// machine, ~8× the forward conv). Probing tf.grads through conv2d + bias + BatchNorm (tf.moments) + relu for the residual
// net's two shapes (5×5 stride 2 'valid', 5×5 stride 1 'same'), w.r.t. the filter alone and w.r.t.
// input and filter, finds exactly one missing kernel: Conv2DBackpropFilter.
//
// Registered for the 'wasm' backend only:
//   Conv2DBackpropFilter  new:      dW = colsᵀ · dY per batch chunk, colsᵀ = transposed im2col of x;
//   Conv2DBackpropInput   replaced: stride 1 → dX = im2col(dY padded) · W′ (a forward conv with the
//                                   flipped filter, no scatter); stride 2 → dCols = dY · Wᵀ, then col2im
//                                   (scatter-add). Configurations outside the supported set go to the
//                                   original tfjs kernel.
// The forward Conv2D stays tfjs's own (XNNPACK): an im2col + matmul forward measured no faster.
//
// Speed. Every product is one untransposed, batch-1 BatchMatMul (the XNNPACK path), so the kernels
// are fast with or without the matmul patch (trap 1). XNNPACK packs the right operand on every call,
// so the big im2col matrix is always the *left* one: for the filter gradient that means colsᵀ
// [fh·fw·inC, pixels] (a 4608×1600 right operand costs ~100 ms to pack, 3× the product). The im2col
// matrices are gathered inside the wasm heap by `copy3`, a 10-parameter strided copy written in
// WebAssembly (SIMD, 300 bytes, source below) that shares the backend's memory: ~1 ns per element
// against 3–4 ns for the same loop in JS on our machines. The batch is processed in chunks so one
// im2col matrix stays under `maxChunkBytes` (the whole 512×144×1600 matrix would be 472 MB) and
// `maxChunkRows` pixels (packing a long right operand leaves the cache).
//
// tfjs-wasm caches each XNNPACK matmul operator, with its packed right operand, under the right
// operand's tensor id alone, not its shape. So no caller tensor is ever passed as a right operand
// here (dY chunks are copied): a reshaped view of it used later in another matmul would hit a stale
// operator, and the packed copy would live as long as the tensor.
//
// Supported: NHWC, float32, strides 1 or 2 (per dimension), pad 'same' or 'valid', dilation 1.
// Conv2DBackpropFilter throws UnsupportedWasmConvError for anything else (no tfjs kernel to fall back to).
//
// Kernels run below the engine: their temporaries are raw wasm buffers released before returning;
// nothing is tracked by tf.tidy or counted in tf.memory(). The ops' gradients are unchanged.
import { tf } from '../tf.js';

const MARK = Symbol.for('@hsic/engine.wasmConvKernels.original');

type KernelFunc = tf.KernelConfig['kernelFunc'];
type KernelArgs = Parameters<KernelFunc>[0];
type MarkedKernelFunc = KernelFunc & { [MARK]?: KernelFunc | null };
type DataId = tf.TensorInfo['dataId'];

/** The WebAssembly API used here (the engine compiles without the DOM lib, and @types/node 20 has none). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
};

/** The parts of tfjs-backend-wasm's BackendWasm (and its Emscripten module) these kernels use. */
interface WasmBackend {
  wasm: { HEAPU8: Uint8Array; wasmMemory?: unknown; asm?: { memory?: unknown } };
  dataIdMap: { get(dataId: DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  disposeData(dataId: DataId): boolean;
}

export const WASM_CONV_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] as const;

export interface WasmConvKernelOptions {
  /** Upper bound for one chunk's im2col matrix in bytes (default 16 MiB; at least one image per chunk). */
  maxChunkBytes?: number;
  /** Upper bound for one chunk's im2col rows, i.e. output pixels (default 4096; see chunkImages). */
  maxChunkRows?: number;
  /** Gather with the WebAssembly `copy3` (default true); false uses the same loop in JS (3–4× slower). */
  simdCopy?: boolean;
}

export const DEFAULT_MAX_CHUNK_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_CHUNK_ROWS = 4096;
let maxChunkFloats = DEFAULT_MAX_CHUNK_BYTES / 4;
let useSimdCopy = true;

/** Thrown for a convolution these kernels do not implement (and tfjs-wasm has no kernel for). */
export class UnsupportedWasmConvError extends Error {
  override name = 'UnsupportedWasmConvError';
}

// ---------------------------------------------------------------------------------------------------
// copy3: the strided gather, in WebAssembly on the backend's own memory, with a JS twin.
//
//   copy3(dst, dp0, dp1, src, sp0, sp1, n0, n1, n2, ss2)   (all in float32 elements)
//   for i0 < n0, i1 < n1, i2 < n2:
//     f32[dst + i0·dp0 + i1·dp1 + i2] = f32[src + i0·sp0 + i1·sp1 + i2·ss2]
//
// Bit copy (i32 load/store); when ss2 = 1, four elements at a time with v128.load/v128.store. The
// module imports the memory as env.memory; the binary below is wabt 1.0.39's `wat2wasm --enable-simd`
// of this text, with the memory import's limits set to "min 1, no max" (COPY3_PLAIN) and to
// "min 1, max 65536, shared" (COPY3_SHARED, for the threaded build's SharedArrayBuffer memory):
//
// (module
//   (import "env" "memory" (memory 1 65536))
//   (func (export "copy3")
//     (param $dst i32) (param $dp0 i32) (param $dp1 i32) (param $src i32) (param $sp0 i32)
//     (param $sp1 i32) (param $n0 i32) (param $n1 i32) (param $n2 i32) (param $ss2 i32)
//     (local $i0 i32) (local $i1 i32) (local $d i32) (local $s i32) (local $e i32)
//     ;; dst, dp0, dp1, src, sp0, sp1, ss2 <<= 2 (elements → bytes)
//     (local.set $dst (i32.shl (local.get $dst) (i32.const 2)))  ... (same for the other six)
//     (block $done0 (loop $next0
//       (br_if $done0 (i32.ge_u (local.get $i0) (local.get $n0)))
//       (local.set $i1 (i32.const 0))
//       (block $done1 (loop $next1
//         (br_if $done1 (i32.ge_u (local.get $i1) (local.get $n1)))
//         (local.set $d (i32.add (local.get $dst) (i32.add (i32.mul (local.get $i0) (local.get $dp0))
//                                                          (i32.mul (local.get $i1) (local.get $dp1)))))
//         (local.set $s (i32.add (local.get $src) (i32.add (i32.mul (local.get $i0) (local.get $sp0))
//                                                          (i32.mul (local.get $i1) (local.get $sp1)))))
//         (local.set $e (i32.add (local.get $d) (i32.shl (local.get $n2) (i32.const 2))))
//         (if (i32.eq (local.get $ss2) (i32.const 4)) (then
//           (block $doneV (loop $nextV
//             (br_if $doneV (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $e)))
//             (v128.store align=4 (local.get $d) (v128.load align=4 (local.get $s)))
//             (local.set $d (i32.add (local.get $d) (i32.const 16)))
//             (local.set $s (i32.add (local.get $s) (i32.const 16)))
//             (br $nextV)))))
//         (block $doneS (loop $nextS
//           (br_if $doneS (i32.ge_u (local.get $d) (local.get $e)))
//           (i32.store (local.get $d) (i32.load (local.get $s)))
//           (local.set $d (i32.add (local.get $d) (i32.const 4)))
//           (local.set $s (i32.add (local.get $s) (local.get $ss2)))
//           (br $nextS)))
//         (local.set $i1 (i32.add (local.get $i1) (i32.const 1)))
//         (br $next1)))
//       (local.set $i0 (i32.add (local.get $i0) (i32.const 1)))
//       (br $next0)))))
const COPY3_BODY =
  'AgEABwkBBWNvcHkzAAAK7QEB6gEBBX8gAEECdCEAIAFBAnQhASACQQJ0IQIgA0ECdCEDIARBAnQhBCAFQQJ0IQUgCUECdCEJAkADQCAKIAZPDQFB' +
  'ACELAkADQCALIAdPDQEgACAKIAFsIAsgAmxqaiEMIAMgCiAEbCALIAVsamohDSAMIAhBAnRqIQ4gCUEERgRAAkADQCAMQRBqIA5LDQEgDCAN/QAC' +
  'AP0LAgAgDEEQaiEMIA1BEGohDQwACwsLAkADQCAMIA5PDQEgDCANKAIANgIAIAxBBGohDCANIAlqIQ0MAAsLIAtBAWohCwwACwsgCkEBaiEKDAAL' +
  'Cws=';
const COPY3_PLAIN = 'AGFzbQEAAAABDgFgCn9/f39/f39/f38AAg8BA2VudgZtZW1vcnkCAAED' + COPY3_BODY;
const COPY3_SHARED = 'AGFzbQEAAAABDgFgCn9/f39/f39/f38AAhIBA2VudgZtZW1vcnkCAwGAgAQD' + COPY3_BODY;

export type Copy3 = (
  dst: number, dp0: number, dp1: number,
  src: number, sp0: number, sp1: number,
  n0: number, n1: number, n2: number, ss2: number,
) => void;

/** The JS twin of the WebAssembly copy3, on a Float32Array view of the same memory. */
export function copy3Js(heap: Float32Array): Copy3 {
  return (dst, dp0, dp1, src, sp0, sp1, n0, n1, n2, ss2) => {
    for (let i0 = 0; i0 < n0; i0++) {
      for (let i1 = 0; i1 < n1; i1++) {
        const d = dst + i0 * dp0 + i1 * dp1;
        const s = src + i0 * sp0 + i1 * sp1;
        for (let i2 = 0; i2 < n2; i2++) heap[d + i2] = heap[s + i2 * ss2];
      }
    }
  };
}

const copy3Instances = new WeakMap<WasmMemory, Copy3 | null>();

/** The WebAssembly copy3 bound to `memory`, or null when it cannot be instantiated there. */
export function copy3Wasm(memory: WasmMemory): Copy3 | null {
  let fn = copy3Instances.get(memory);
  if (fn === undefined) {
    try {
      const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
      const bytes = Uint8Array.from(atob(shared ? COPY3_SHARED : COPY3_PLAIN), (ch) => ch.charCodeAt(0));
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
      fn = instance.exports['copy3'] as Copy3;
    } catch {
      fn = null;
    }
    copy3Instances.set(memory, fn);
  }
  return fn;
}

function backendMemory(backend: WasmBackend): WasmMemory | null {
  for (const candidate of [backend.wasm.wasmMemory, backend.wasm.asm?.memory]) {
    if (candidate instanceof WebAssembly.Memory && candidate.buffer === backend.wasm.HEAPU8.buffer) return candidate;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Geometry and validation.

/** Convolution geometry, NHWC, with the top/left padding of tfjs's computeConv2DInfo. */
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
    problems.push(`strides ${strides == null ? JSON.stringify(attrs.strides) : `[${strides.join(',')}]`} (only 1 or 2)`);
  }
  const dilations = attrs.dilations == null ? [1, 1] : asPair(attrs.dilations);
  if (dilations == null || !dilations.every((d) => d === 1)) {
    problems.push(`dilations ${dilations == null ? JSON.stringify(attrs.dilations) : `[${dilations.join(',')}]`} (only 1)`);
  }
  if (attrs.pad !== 'same' && attrs.pad !== 'valid') {
    problems.push(`pad ${JSON.stringify(attrs.pad)} (only 'same' or 'valid')`);
  }
  if (xShape.length !== 4 || filterShape.length !== 4) {
    problems.push(`input shape [${xShape.join(',')}] / filter shape [${filterShape.join(',')}] (rank 4 each)`);
  }
  const badDtype = dtypes.find((d) => d !== 'float32');
  if (badDtype != null) problems.push(`dtype ${badDtype} (only float32)`);
  if (problems.length > 0) {
    return (
      `${kernel} on the wasm backend (engine kernel, libs/engine/src/backend/wasm-conv-kernels.ts) supports ` +
      `NHWC float32, strides 1 or 2, pad 'same' or 'valid' and dilation 1; unsupported: ${problems.join('; ')}`
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

// ---------------------------------------------------------------------------------------------------
// Heap access, im2col.

/** Raw wasm-heap access and temporaries for one kernel call. */
class Heap {
  private readonly temporaries: tf.TensorInfo[] = [];
  readonly copy3: Copy3;

  constructor(readonly backend: WasmBackend) {
    const memory = useSimdCopy ? backendMemory(backend) : null;
    const wasmCopy = memory == null ? null : copy3Wasm(memory);
    // The JS twin reads a fresh view each call: an allocation may grow the memory and detach views.
    this.copy3 = wasmCopy ?? ((...args: Parameters<Copy3>) => copy3Js(this.f32)(...args));
  }

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

  zeros(shape: number[]): tf.TensorInfo {
    const info = this.alloc(shape);
    const o = this.offset(info);
    this.f32.fill(0, o, o + shape.reduce((a, b) => a * b, 1));
    return info;
  }

  /** c = a · b for a = [1, m, k], b = [1, k, n], through the currently registered wasm BatchMatMul. */
  matMul(a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
    const out = tf.getKernel('BatchMatMul', 'wasm').kernelFunc({
      inputs: { a, b },
      backend: this.backend as unknown as KernelArgs['backend'],
      attrs: { transposeA: false, transposeB: false },
    }) as tf.TensorInfo;
    this.temporaries.push(out);
    return out;
  }

  release(info: tf.TensorInfo): void {
    const i = this.temporaries.findIndex((t) => t.dataId === info.dataId);
    if (i < 0) return;
    this.temporaries.splice(i, 1);
    this.backend.disposeData(info.dataId);
  }

  /** Releases every temporary except the one holding `keep`'s data (the kernel's result). */
  dispose(keep?: tf.TensorInfo): void {
    for (const t of this.temporaries) if (t.dataId !== keep?.dataId) this.backend.disposeData(t.dataId);
    this.temporaries.length = 0;
  }
}

/** An NHWC image block (`images` × h × w × c) starting at heap index `at`, and how it is convolved. */
interface Source {
  at: number;
  images: number;
  h: number;
  w: number;
  c: number;
  outH: number;
  outW: number;
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
}

/** Padded extents: every tap of every output pixel lies inside [0, hp) × [0, wp). */
function paddedSize(s: Source): { hp: number; wp: number } {
  return {
    hp: Math.max(s.top + s.h, (s.outH - 1) * s.sh + s.fh),
    wp: Math.max(s.left + s.w, (s.outW - 1) * s.sw + s.fw),
  };
}

/**
 * colsᵀ [fh·fw·c, images·outH·outW] at `dst`: row (kh, kw, ci), column (image, oh, ow), zero outside
 * the image. Goes through a zero-padded, channel-major copy of the input ([c][image][hp][wp]) so each
 * row is one copy3 over (image, oh) runs of outW elements.
 */
function im2colT(heap: Heap, s: Source, dst: number): void {
  const { hp, wp } = paddedSize(s);
  const plane = hp * wp;
  const channel = s.images * plane;
  const padded = heap.zeros([s.c * channel]);
  const p = heap.offset(padded);
  for (let ci = 0; ci < s.c; ci++) {
    heap.copy3(p + ci * channel + s.top * wp + s.left, plane, wp, s.at + ci, s.h * s.w * s.c, s.w * s.c, s.images, s.h, s.w, s.c);
  }
  const pixels = s.outH * s.outW;
  const columns = s.images * pixels;
  let d = dst;
  for (let kh = 0; kh < s.fh; kh++) {
    for (let kw = 0; kw < s.fw; kw++) {
      for (let ci = 0; ci < s.c; ci++, d += columns) {
        heap.copy3(d, pixels, s.outW, p + ci * channel + kh * wp + kw, plane, s.sh * wp, s.images, s.outH, s.outW, s.sw);
      }
    }
  }
  heap.release(padded);
}

/**
 * cols [images·outH·outW, fh·fw·c] at `dst`: row (image, oh, ow), columns (kh, kw, ci) like a
 * [fh, fw, c, ·] filter, zero outside the image. Goes through a zero-padded NHWC copy, so each
 * (image, kh) is one copy3 of outH × outW contiguous runs of fw·c elements.
 */
function im2col(heap: Heap, s: Source, dst: number): void {
  const { hp, wp } = paddedSize(s);
  const paddedImage = hp * wp * s.c;
  const padded = heap.zeros([s.images * paddedImage]);
  const p = heap.offset(padded);
  heap.copy3(p + (s.top * wp + s.left) * s.c, paddedImage, wp * s.c, s.at, s.h * s.w * s.c, s.w * s.c, s.images, s.h, s.w * s.c, 1);
  const k = s.fh * s.fw * s.c;
  for (let n = 0; n < s.images; n++) {
    for (let kh = 0; kh < s.fh; kh++) {
      heap.copy3(dst + n * s.outH * s.outW * k + kh * s.fw * s.c, s.outW * k, k,
        p + n * paddedImage + kh * wp * s.c, s.sh * wp * s.c, s.sw * s.c, s.outH, s.outW, s.fw * s.c, 1);
    }
  }
  heap.release(padded);
}

/**
 * At most this many im2col rows (output pixels) per chunk. For the filter gradient the right operand
 * XNNPACK packs (transposing it) is the dY chunk [rows, outC]; with many rows that pass leaves the
 * cache: the input block's whole [73728, 64] dY made the product 2–3× slower than in 18 chunks.
 */
let maxChunkRows = DEFAULT_MAX_CHUNK_ROWS;

/** Images per chunk: one chunk's im2col matrix stays under the byte and row budgets (at least 1 image). */
function chunkImages(rowsPerImage: number, rowLength: number, batch: number): number {
  const byBytes = Math.floor(maxChunkFloats / Math.max(1, rowsPerImage * rowLength));
  const byRows = Math.floor(maxChunkRows / Math.max(1, rowsPerImage));
  return Math.max(1, Math.min(batch, byBytes, byRows));
}

// ---------------------------------------------------------------------------------------------------
// The kernels.

/** dW [fh, fw, inC, outC] = Σ over chunks of colsᵀ [fh·fw·inC, pixels] · dY [pixels, outC]. */
function backpropFilter(heap: Heap, x: tf.TensorInfo, dy: tf.TensorInfo, g: Geometry, filterShape: number[]): tf.TensorInfo {
  const k = g.fh * g.fw * g.inC;
  const pixels = g.outH * g.outW;
  const per = chunkImages(pixels, k, g.batch);
  const acc = per >= g.batch ? null : new Float64Array(k * g.outC);
  for (let b0 = 0; b0 < g.batch; b0 += per) {
    const images = Math.min(per, g.batch - b0);
    const rows = images * pixels;
    const colsT = heap.alloc([1, k, rows]);
    im2colT(heap, { ...g, at: heap.offset(x) + b0 * g.inH * g.inW * g.inC, images, h: g.inH, w: g.inW, c: g.inC }, heap.offset(colsT));
    // A copy even for a single chunk: tfjs-wasm caches the XNNPACK operator (and its packed weights)
    // per right-operand id *without its shape*, so dy itself must never be a right operand here.
    const dyChunk = heap.alloc([1, rows, g.outC]);
    const from = heap.offset(dy) + b0 * pixels * g.outC;
    heap.f32.copyWithin(heap.offset(dyChunk), from, from + rows * g.outC);
    const prod = heap.matMul(colsT, dyChunk); // [1, k, outC]: the filter's layout
    heap.release(colsT);
    heap.release(dyChunk);
    if (acc == null) return { dataId: prod.dataId, shape: filterShape, dtype: 'float32' };
    const f32 = heap.f32;
    const p = heap.offset(prod);
    for (let i = 0; i < acc.length; i++) acc[i] += f32[p + i];
    heap.release(prod);
  }
  const out = heap.alloc(filterShape);
  heap.f32.set(acc!, heap.offset(out));
  return out;
}

/** Stride 1: dX = conv(dY, W′), W′[kh, kw, co, ci] = W[fh−1−kh, fw−1−kw, ci, co], padding fh−1−top. */
function backpropInputStride1(heap: Heap, dy: tf.TensorInfo, filter: tf.TensorInfo, g: Geometry, inShape: number[]): tf.TensorInfo {
  const k = g.fh * g.fw * g.outC;
  const pixels = g.inH * g.inW;
  const flipped = heap.alloc([1, k, g.inC]);
  const w = heap.offset(filter);
  const o = heap.offset(flipped);
  for (let kh = 0; kh < g.fh; kh++) {
    for (let kw = 0; kw < g.fw; kw++) {
      // [inC, outC] block of W → [outC, inC] block of W′.
      const from = w + ((g.fh - 1 - kh) * g.fw + (g.fw - 1 - kw)) * g.inC * g.outC;
      heap.copy3(o + (kh * g.fw + kw) * g.outC * g.inC, g.inC, 0, from, 1, 0, g.outC, 1, g.inC, g.outC);
    }
  }
  const per = chunkImages(pixels, k, g.batch);
  const out = per >= g.batch ? null : heap.alloc(inShape);
  for (let b0 = 0; b0 < g.batch; b0 += per) {
    const images = Math.min(per, g.batch - b0);
    const rows = images * pixels;
    const cols = heap.alloc([1, rows, k]);
    im2col(heap, {
      at: heap.offset(dy) + b0 * g.outH * g.outW * g.outC, images, h: g.outH, w: g.outW, c: g.outC,
      outH: g.inH, outW: g.inW, fh: g.fh, fw: g.fw, sh: 1, sw: 1, top: g.fh - 1 - g.top, left: g.fw - 1 - g.left,
    }, heap.offset(cols));
    const prod = heap.matMul(cols, flipped); // [1, rows, inC]
    heap.release(cols);
    if (out == null) return { dataId: prod.dataId, shape: inShape, dtype: 'float32' };
    const p = heap.offset(prod);
    heap.f32.copyWithin(heap.offset(out) + b0 * pixels * g.inC, p, p + rows * g.inC);
    heap.release(prod);
  }
  return out!;
}

/** Stride 2: dCols = dY · Wᵀ per chunk, then col2im (scatter-add into dX). */
function backpropInputScatter(heap: Heap, dy: tf.TensorInfo, filter: tf.TensorInfo, g: Geometry, inShape: number[]): tf.TensorInfo {
  const k = g.fh * g.fw * g.inC;
  const pixels = g.outH * g.outW;
  const wT = heap.alloc([1, g.outC, k]);
  heap.copy3(heap.offset(wT), k, 0, heap.offset(filter), 1, 0, g.outC, 1, k, g.outC);
  const out = heap.zeros(inShape);
  const per = chunkImages(pixels, k, g.batch);
  const rowLen = g.fw * g.inC;
  const imageSize = g.inH * g.inW * g.inC;
  for (let b0 = 0; b0 < g.batch; b0 += per) {
    const images = Math.min(per, g.batch - b0);
    const rows = images * pixels;
    const dyChunk = heap.alloc([1, rows, g.outC]);
    const from = heap.offset(dy) + b0 * pixels * g.outC;
    heap.f32.copyWithin(heap.offset(dyChunk), from, from + rows * g.outC);
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
  return out;
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

/** An all-zero result (a convolution with no output pixels has zero gradients). */
function zerosOutput(args: KernelArgs, shape: number[]): tf.TensorInfo {
  return withHeap(args, (heap) => heap.zeros(shape));
}

function makeKernel(kernelName: (typeof WASM_CONV_KERNELS)[number], original: KernelFunc | null): MarkedKernelFunc {
  const fallback = (args: KernelArgs, reason: string): tf.TensorInfo => {
    if (original == null) throw new UnsupportedWasmConvError(reason);
    return original(args) as tf.TensorInfo;
  };
  const kernel: MarkedKernelFunc =
    kernelName === 'Conv2DBackpropFilter'
      ? (args) => {
          const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
          const filterShape = [...(args.attrs as { filterShape: number[] }).filterShape];
          const g = geometry(kernelName, x.shape, filterShape, args.attrs as ConvAttrs, [x.dtype, dy.dtype]);
          if (typeof g === 'string') return fallback(args, g);
          if (g.batch * g.outH * g.outW === 0) return zerosOutput(args, filterShape);
          return withHeap(args, (heap) => backpropFilter(heap, x, dy, g, filterShape));
        }
      : (args) => {
          const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
          const inShape = [...(args.attrs as { inputShape: number[] }).inputShape];
          const g = geometry(kernelName, inShape, filter.shape, args.attrs as ConvAttrs, [dy.dtype, filter.dtype]);
          if (typeof g === 'string') return fallback(args, g);
          if (g.batch * g.outH * g.outW === 0) return zerosOutput(args, inShape);
          return withHeap(args, (heap) =>
            g.sh === 1 && g.sw === 1
              ? backpropInputStride1(heap, dy, filter, g, inShape)
              : backpropInputScatter(heap, dy, filter, g, inShape),
          );
        };
  kernel[MARK] = original;
  return kernel;
}

function isOurs(kernelName: string): boolean {
  const config = tf.getKernel(kernelName, 'wasm');
  return config != null && MARK in (config.kernelFunc as MarkedKernelFunc);
}

/**
 * Registers the wasm Conv2DBackpropFilter and Conv2DBackpropInput kernels (keeping tfjs's own
 * Conv2DBackpropInput as the fallback for unsupported configurations). Idempotent: returns true when
 * it registered anything. Only the 'wasm' backend's registry is touched; works before or after the
 * wasm backend is initialized; requires '@tensorflow/tfjs-backend-wasm' to be imported. Options
 * apply to all later kernel calls.
 */
export function registerWasmConvKernels(options: WasmConvKernelOptions = {}): boolean {
  if (tf.getKernel('BatchMatMul', 'wasm') == null) {
    throw new Error("wasm kernels are not registered: import '@tensorflow/tfjs-backend-wasm' before registerWasmConvKernels");
  }
  if (options.maxChunkBytes != null) {
    if (!(options.maxChunkBytes > 0)) throw new Error(`maxChunkBytes must be positive, got ${options.maxChunkBytes}`);
    maxChunkFloats = Math.max(1, Math.floor(options.maxChunkBytes / 4));
  }
  if (options.maxChunkRows != null) {
    if (!(options.maxChunkRows > 0)) throw new Error(`maxChunkRows must be positive, got ${options.maxChunkRows}`);
    maxChunkRows = Math.floor(options.maxChunkRows);
  }
  if (options.simdCopy != null) useSimdCopy = options.simdCopy;
  let changed = false;
  for (const kernelName of WASM_CONV_KERNELS) {
    if (isOurs(kernelName)) continue;
    const config = tf.getKernel(kernelName, 'wasm');
    if (config != null) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({
      ...(config ?? {}),
      kernelName,
      backendName: 'wasm',
      kernelFunc: makeKernel(kernelName, config?.kernelFunc ?? null),
    });
    changed = true;
  }
  return changed;
}

/** Restores tfjs's own kernels (removes Conv2DBackpropFilter). Returns true when it changed anything. */
export function unregisterWasmConvKernels(): boolean {
  let changed = false;
  for (const kernelName of WASM_CONV_KERNELS) {
    const config = tf.getKernel(kernelName, 'wasm');
    if (config == null || !isOurs(kernelName)) continue;
    const original = (config.kernelFunc as MarkedKernelFunc)[MARK];
    tf.unregisterKernel(kernelName, 'wasm');
    if (original != null) tf.registerKernel({ ...config, kernelFunc: original });
    changed = true;
  }
  return changed;
}

/** True when both engine conv kernels are the registered wasm kernels. */
export function isWasmConvKernelsRegistered(): boolean {
  return WASM_CONV_KERNELS.every(isOurs);
}
