export interface SeriesStats {
  readonly min: number | null;
  readonly max: number | null;
  /** The value at the highest x that has one. */
  readonly last: number | null;
  readonly count: number;
}

/** min / max / last of the finite values of a series, as the trackers' run tables show them. */
export function seriesStats(values: ArrayLike<number | null | undefined>): SeriesStats {
  let min = Infinity;
  let max = -Infinity;
  let last: number | null = null;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
    last = value;
    count++;
  }
  return count === 0 ? { min: null, max: null, last: null, count } : { min, max, last, count };
}
