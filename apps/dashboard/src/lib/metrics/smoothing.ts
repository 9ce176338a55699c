/**
 * TensorBoard's scalar smoothing: an exponential moving average with weight `weight` in [0, 1), debiased so
 * the first values are not pulled towards zero. Non-finite values pass through and do not reset the average.
 */
export function smooth(values: ArrayLike<number | null>, weight: number): (number | null)[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  const out: (number | null)[] = new Array(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || !Number.isFinite(value)) {
      out[i] = value;
      continue;
    }
    last = last * weight + (1 - weight) * value;
    count++;
    out[i] = weight === 0 ? value : last / (1 - weight ** count);
  }
  return out;
}
