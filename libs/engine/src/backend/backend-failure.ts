import { tf } from '../tf.js';
import { getBackendInfo, initBackend, lastInitOptions, shutdownBackend, type BackendInfo } from './select-backend.js';

/**
 * Failures of the backend itself rather than of the computation asked of it: a WebAssembly trap (after an
 * allocation fails, every later call on that module fails the same way), an out-of-memory abort, a CUDA
 * error. The backend is unusable afterwards until it is rebuilt.
 */
export function isBackendFailure(error: unknown): boolean {
  if (error instanceof Error && error.name === 'RuntimeError') return true; // WebAssembly.RuntimeError: a trap
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return /memory access out of bounds|RuntimeError: (unreachable|abort)|Aborted\(|out of memory|OOM when allocating|CUDA_ERROR|CUBLAS_STATUS|cuDNN|CUDNN_STATUS/i.test(message);
}

export class BackendUnrecoverableError extends Error {
  override readonly name = 'BackendUnrecoverableError';
}

/**
 * Disposes the broken backend and selects one again with the same options (a fresh WebAssembly module, with
 * fresh memory), then checks it with a small product. Throws BackendUnrecoverableError when that fails: the
 * process should then exit and let its supervisor start a new one.
 */
export async function rebuildBackend(): Promise<BackendInfo> {
  try {
    const broken = (await getBackendInfo())?.tfjsBackend ?? tf.getBackend();
    try {
      await shutdownBackend();
    } catch {
      dropWithoutDisposing(broken);
    }
    const info = await initBackend({ ...lastInitOptions(), logger: () => undefined });
    const check = tf.tidy(() => tf.matMul(tf.ones([8, 8]), tf.ones([8, 8])).sum().dataSync()[0]);
    if (check !== 512) throw new Error(`the rebuilt backend computes 8×8·8×8 ones as ${check}, not 512`);
    return info;
  } catch (error) {
    throw new BackendUnrecoverableError(`the ${tf.getBackend() ?? 'tensorflow.js'} backend could not be rebuilt: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A backend whose memory is corrupted traps in its own dispose(): tfjs then keeps it registered. Drop it
 * without disposing (its memory goes with the module) and keep its factory, so it can be selected afresh.
 */
function dropWithoutDisposing(name: string): void {
  const engine = tf.engine() as unknown as { registry: Record<string, { dispose(): void }>; registryFactory: Record<string, { factory: () => unknown; priority: number }> };
  const entry = engine.registryFactory[name];
  const instance = engine.registry[name];
  if (instance) instance.dispose = () => undefined;
  if (entry) {
    tf.removeBackend(name);
    tf.registerBackend(name, entry.factory as Parameters<typeof tf.registerBackend>[1], entry.priority);
  }
}
