import { createRng } from './random.js';

/** A permutation of 0..n-1 by Fisher–Yates, fully determined by the seed. */
export function shuffledIndices(n: number, seed: number): Uint32Array {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`shuffledIndices: n must be a non-negative integer, got ${n}`);
  }
  const rng = createRng(seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
}
