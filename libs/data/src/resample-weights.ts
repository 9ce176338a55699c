/**
 * One output sample of a 1-D resampling: source indices and weights that sum to 1.
 * 2-D resizing applies these per axis (separable), which is exact for both filters below.
 */
export interface Taps {
  readonly indices: Int32Array;
  readonly weights: Float32Array;
}

/**
 * Per output index, the taps for resizing `from` samples to `to`.
 * Shrinking uses area averaging (each output is the mean of the source span it covers), so
 * thin strokes are not skipped the way point sampling would drop them; enlarging uses
 * bilinear interpolation with pixel centres aligned (OpenCV / PIL convention).
 */
export function resampleTaps(from: number, to: number): Taps[] {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < 1) {
    throw new RangeError(`resample: sizes must be positive integers, got ${from} -> ${to}`);
  }
  return to <= from ? areaTaps(from, to) : bilinearTaps(from, to);
}

function areaTaps(from: number, to: number): Taps[] {
  const scale = from / to;
  const taps: Taps[] = [];
  for (let o = 0; o < to; o++) {
    const start = o * scale;
    const end = start + scale;
    const indices: number[] = [];
    const weights: number[] = [];
    for (let i = Math.floor(start); i < Math.min(from, Math.ceil(end)); i++) {
      const overlap = Math.min(end, i + 1) - Math.max(start, i);
      if (overlap > 1e-9) {
        indices.push(i);
        weights.push(overlap / scale);
      }
    }
    taps.push({ indices: Int32Array.from(indices), weights: Float32Array.from(weights) });
  }
  return taps;
}

function bilinearTaps(from: number, to: number): Taps[] {
  const scale = from / to;
  const taps: Taps[] = [];
  for (let o = 0; o < to; o++) {
    const centre = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), from - 1);
    const left = Math.floor(centre);
    const right = Math.min(left + 1, from - 1);
    const t = centre - left;
    taps.push(
      right === left || t === 0
        ? { indices: Int32Array.of(left), weights: Float32Array.of(1) }
        : { indices: Int32Array.of(left, right), weights: Float32Array.of(1 - t, t) },
    );
  }
  return taps;
}
