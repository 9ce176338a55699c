import { createRng } from '@hsic/data';

/** Deterministic values in [-1, 1) from the project's seeded generator, the same on every backend and run. */
export function pseudoRandomValues(count: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => 2 * rng.next() - 1);
}
