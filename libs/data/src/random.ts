/**
 * A tiny seeded PRNG (mulberry32) shared by data shuffling and the engine.
 *
 * Why mulberry32: 32-bit state, one multiply-xorshift round per draw, passes the usual
 * small-state statistical batteries well enough for shuffling and weight init, and it is
 * trivially reproducible in other languages when we need parity checks. It is NOT suitable
 * for anything security related. This file deliberately imports nothing so the engine can
 * depend on it without pulling in the data loaders.
 */

export interface Rng {
  /** Uniform float in [0, 1) with 2^-32 resolution. */
  next(): number;
  /** Uniform integer in [0, n) for an integer 1 <= n <= 2^32. */
  nextInt(n: number): number;
}

const UINT32_RANGE = 4294967296;

export function createRng(seed: number): Rng {
  // Silent truncation of 1.5 or NaN would make two "different" seeds identical.
  if (!Number.isInteger(seed)) {
    throw new RangeError(`createRng: seed must be an integer, got ${seed}`);
  }
  let state = seed >>> 0;

  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };

  return {
    next: () => nextUint32() / UINT32_RANGE,
    nextInt: (n: number): number => {
      if (!Number.isInteger(n) || n < 1 || n > UINT32_RANGE) {
        throw new RangeError(`nextInt: n must be an integer in [1, 2^32], got ${n}`);
      }
      // Multiply-shift instead of modulo: bias is below n / 2^32, negligible for dataset sizes.
      return Math.floor((nextUint32() / UINT32_RANGE) * n);
    },
  };
}
