// Runs one suite on every backend available in tests, in the manner of tfjs-layers' describeMathCPUAndGPU.
import '@tensorflow/tfjs-backend-wasm';
import { createRng } from '@hsic/data';
import { tf } from '../tf.js';

export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

export function describeEachBackend(name: string, body: (backend: string) => void): void {
  for (const backend of TEST_BACKENDS) {
    describe(`${name} [${backend}]`, () => {
      beforeAll(async () => {
        await tf.setBackend(backend);
        await tf.ready();
      });
      body(backend);
    });
  }
}

/** Runs fn and fails if it leaves tensors behind. */
export async function expectNoTensorLeak<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** ‖a − b‖ / ‖b‖ over vectors. */
export function relativeVectorError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i] - expected[i]) ** 2;
    norm += expected[i] ** 2;
  }
  return Math.sqrt(diff / norm);
}

/** A deterministic matrix of values in [-0.5, 0.5) from the project's seeded generator (no global RNG). */
export function testMatrix(rows: number, cols: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.next() - 0.5));
}
