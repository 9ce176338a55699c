import { initBackend, tf } from '@hsic/engine';

/** The engine on its wasm backend (what the API serves with when no native TensorFlow is installed). */
export async function useWasmBackend(): Promise<void> {
  const info = await initBackend({ prefer: 'wasm', logger: () => undefined });
  if (info.name !== 'wasm') throw new Error(`wanted the wasm backend, got ${info.name}`);
  await tf.ready();
}

export function tensorCount(): number {
  return tf.memory().numTensors;
}
