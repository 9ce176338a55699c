// Trap 1 of ENGINE-NOTES: on the wasm backend a matmul with transposeA or transposeB leaves the XNNPACK
// path (tfjs-backend-wasm's C++ BatchMatMul only calls XNNPACK when both operands are untransposed and
// both batch sizes are 1) and falls back to a naive blocked loop that is 10–20× slower. Every matmul
// gradient has a transposed operand, so this decides the speed of backprop.
//
// The patch re-registers the wasm `BatchMatMul` and `_FusedMatMul` kernels: a transposed operand is
// transposed explicitly with the wasm `Transpose` kernel (a cheap O(n²) copy), the original kernel is
// called untransposed, and the temporary buffer is released before returning. It also folds a batch of
// `a` into its rows when `b` has batch 1, and avoids a tfjs-wasm bias bug in batched _FusedMatMul (see
// makePatched). Kernels run below the engine, so nothing here is tracked by tf.tidy, recorded on the
// gradient tape or counted in tf.memory(); the gradient of the op is unchanged (it is defined on the op,
// not on the kernel).
import { tf } from '../tf.js';

/** Marker stored on a patched kernel function; its value is the original kernel function. */
const PATCHED = Symbol.for('@hsic/engine.wasmMatMulPatch.original');

const PATCHED_KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

type KernelFunc = tf.KernelConfig['kernelFunc'];
type KernelArgs = Parameters<KernelFunc>[0];
type PatchedKernelFunc = KernelFunc & { [PATCHED]?: KernelFunc };

/** The part of BackendWasm the patch needs: releasing an intermediate buffer by its data id. */
interface DisposingBackend {
  disposeData(dataId: tf.TensorInfo['dataId']): boolean;
}

function wasmKernel(kernelName: string): tf.KernelConfig {
  const config = tf.getKernel(kernelName, 'wasm');
  if (config == null) {
    throw new Error(
      `wasm kernel '${kernelName}' is not registered: import '@tensorflow/tfjs-backend-wasm' before patching`,
    );
  }
  return config;
}

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** Calls wasm kernels directly and releases their intermediate outputs. */
class Scratch {
  private readonly temporaries: tf.TensorInfo[] = [];
  constructor(private readonly backend: KernelArgs['backend']) {}

  run(kernelName: string, inputs: KernelArgs['inputs'], attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    const out = wasmKernel(kernelName).kernelFunc({ inputs, backend: this.backend, attrs }) as tf.TensorInfo;
    this.temporaries.push(out);
    return out;
  }

  /** Marks a kernel output as a temporary (released by `dispose`). */
  track(info: tf.TensorInfo): tf.TensorInfo {
    this.temporaries.push(info);
    return info;
  }

  /** Swaps the last two dimensions (Transpose kernel: an O(n²) copy into a new buffer). */
  transposeLastTwo(x: tf.TensorInfo): tf.TensorInfo {
    const rank = x.shape.length;
    const perm = Array.from({ length: rank }, (_, i) => i);
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    return this.run('Transpose', { x }, { perm });
  }

  /** Reshape kernel: shares the buffer (incRef), so it is released like any other temporary. */
  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** Releases every temporary except `keep` (the kernel's result). */
  dispose(keep?: tf.TensorInfo): void {
    const backend = this.backend as DisposingBackend;
    for (const t of this.temporaries) if (t !== keep) backend.disposeData(t.dataId);
  }
}

function activate(scratch: Scratch, x: tf.TensorInfo, args: KernelArgs, activation: string): tf.TensorInfo {
  const attrs = (args.attrs ?? {}) as Record<string, unknown>;
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return scratch.run('Relu', { x });
    case 'relu6':
      return scratch.run('Relu6', { x });
    case 'sigmoid':
      return scratch.run('Sigmoid', { x });
    case 'elu':
      return scratch.run('Elu', { x });
    case 'leakyrelu':
      return scratch.run('LeakyRelu', { x }, { alpha: (attrs['leakyreluAlpha'] as number | undefined) ?? 0.2 });
    case 'prelu': {
      const alpha = args.inputs['preluActivationWeights'];
      if (alpha == null) throw new Error('_FusedMatMul: prelu activation without preluActivationWeights');
      return scratch.run('Prelu', { x, alpha });
    }
    default:
      throw new Error(`_FusedMatMul: activation '${activation}' is not supported on wasm`);
  }
}

/**
 * The patched kernel. With operands made untransposed (`a` = …×m×k, `b` = …×k×n):
 *  - b has batch size 1 (a dense layer on a batch of matrices): the batch is folded into the rows of
 *    a, giving one 2-D product that takes tfjs-wasm's XNNPACK path (its C++ only does so for batch 1);
 *  - _FusedMatMul with a batched b: product without bias/activation, then the wasm Add and activation
 *    kernels. tfjs-backend-wasm 4.22's batched (non-XNNPACK) fused path adds the bias wrongly (only the
 *    first output row gets it, the others get its last element), so it is not used;
 *  - otherwise the original kernel.
 */
function makePatched(kernelName: string, original: KernelFunc): PatchedKernelFunc {
  const fused = kernelName === '_FusedMatMul';
  const patched: PatchedKernelFunc = (args: KernelArgs) => {
    const attrs = (args.attrs ?? {}) as Record<string, unknown>;
    const transposeA = attrs['transposeA'] === true;
    const transposeB = attrs['transposeB'] === true;
    const { a, b } = args.inputs;
    if (a == null || b == null || a.dtype !== 'float32' || b.dtype !== 'float32') return original(args);
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const batchA = product(outerA);
    const batchB = product(outerB);
    const activation = (attrs['activation'] as string | undefined) ?? 'linear';
    const hasEpilogue = fused && (args.inputs['bias'] != null || activation !== 'linear');
    const fold = batchB === 1 && batchA > 1;
    const decompose = fused && batchB > 1 && hasEpilogue;
    if (!transposeA && !transposeB && !fold && !decompose) return original(args);

    const scratch = new Scratch(args.backend);
    let result: tf.TensorInfo | undefined;
    try {
      let a2 = transposeA ? scratch.transposeLastTwo(a) : a;
      let b2 = transposeB ? scratch.transposeLastTwo(b) : b;
      const m = a2.shape[a2.shape.length - 2]!;
      const k = a2.shape[a2.shape.length - 1]!;
      const n = b2.shape[b2.shape.length - 1]!;
      const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB), m, n];
      if (fold) {
        a2 = scratch.reshape(a2, [1, batchA * m, k]);
        b2 = scratch.reshape(b2, [1, k, n]);
      }
      const plain: tf.NamedAttrMap = { ...attrs, transposeA: false, transposeB: false } as tf.NamedAttrMap;
      if (decompose) {
        let out = scratch.track(
          original({
            ...args,
            inputs: { a: a2, b: b2 },
            attrs: { ...plain, activation: 'linear' } as tf.NamedAttrMap,
          }) as tf.TensorInfo,
        );
        const bias = args.inputs['bias'];
        if (bias != null) out = scratch.run('Add', { a: out, b: bias });
        result = activate(scratch, out, args, activation);
      } else {
        result = scratch.track(
          original({ ...args, inputs: { ...args.inputs, a: a2, b: b2 }, attrs: plain }) as tf.TensorInfo,
        );
        if (fold) result = scratch.reshape(result, outShape);
      }
      return result;
    } finally {
      scratch.dispose(result);
    }
  };
  patched[PATCHED] = original;
  return patched;
}

/** True when both wasm matmul kernels currently registered are the patched ones. */
export function isWasmMatMulPatched(): boolean {
  return PATCHED_KERNELS.every((name) => {
    const config = tf.getKernel(name, 'wasm');
    return config != null && (config.kernelFunc as PatchedKernelFunc)[PATCHED] != null;
  });
}

/**
 * Re-registers the wasm BatchMatMul and _FusedMatMul kernels so transposed operands are transposed
 * explicitly first. Idempotent; returns true when it changed anything. Works before or after the wasm
 * backend is initialized (the original setupFunc is kept, and the original kernel is what runs).
 * Requires `@tensorflow/tfjs-backend-wasm` to be imported (it registers the kernels).
 */
export function patchWasmMatMul(): boolean {
  let changed = false;
  for (const name of PATCHED_KERNELS) {
    const config = wasmKernel(name);
    if ((config.kernelFunc as PatchedKernelFunc)[PATCHED] != null) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...config, kernelFunc: makePatched(name, config.kernelFunc) });
    changed = true;
  }
  return changed;
}

/** Restores the original kernels (used by the spec to compare against the unpatched path). */
export function unpatchWasmMatMul(): boolean {
  let changed = false;
  for (const name of PATCHED_KERNELS) {
    const config = tf.getKernel(name, 'wasm');
    const original = config == null ? undefined : (config.kernelFunc as PatchedKernelFunc)[PATCHED];
    if (config == null || original == null) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...config, kernelFunc: original });
    changed = true;
  }
  return changed;
}
