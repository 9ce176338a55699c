import type { ImageShape } from './dataset-types.js';
import { resampleTaps, type Taps } from './resample-weights.js';

/** Decoded pixels as image libraries hand them out: row-major, interleaved channels, 0..255. */
export interface RawPixels {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  /** 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
  readonly channels: number;
}

/** ITU-R BT.601 luma weights: what PIL's convert('L') uses, and MNIST-style data is grayscale. */
const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * Turns decoded pixels into one model input: converts colour (to gray by luminance, or gray
 * to RGB by replication), resizes to the target (area averaging when shrinking, bilinear when
 * enlarging), and scales to [0, 1]. Returns target.height * target.width * target.channels
 * floats in HWC order, the per-image layout of ImageSet.images.
 *
 * Alpha is composited over black, because the training data (MNIST, Fashion-MNIST) has a black
 * background: a transparent canvas with drawn strokes should look like that, not like noise.
 * Inverting dark-on-light photos is left to the caller, which knows what the user sent.
 */
export function toModelInput(pixels: RawPixels, target: ImageShape): Float32Array {
  const { width, height, channels, data } = pixels;
  if (![width, height].every((n) => Number.isInteger(n) && n > 0)) {
    throw new RangeError(`toModelInput: image size must be positive integers, got ${width}x${height}`);
  }
  if (![1, 2, 3, 4].includes(channels)) {
    throw new RangeError(`toModelInput: channels must be 1, 2, 3 or 4, got ${channels}`);
  }
  if (data.length !== width * height * channels) {
    throw new RangeError(
      `toModelInput: ${width}x${height}x${channels} needs ${width * height * channels} bytes, got ${data.length}`,
    );
  }
  if (![target.width, target.height].every((n) => Number.isInteger(n) && n > 0)) {
    throw new RangeError(`toModelInput: target size must be positive integers, got ${target.width}x${target.height}`);
  }
  if (target.channels !== 1 && target.channels !== 3) {
    throw new RangeError(`toModelInput: target channels must be 1 or 3, got ${target.channels}`);
  }
  const out = resize(convertChannels(pixels, target.channels), width, height, target);
  // Float rounding can push a weighted sum a hair past 1; keep the [0, 1] promise exact.
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, out[i]));
  return out;
}

/** Source-size planes in [0, 1] with the target channel count, HWC interleaved. */
function convertChannels(pixels: RawPixels, outChannels: 1 | 3): Float32Array {
  const { data, channels } = pixels;
  const count = pixels.width * pixels.height;
  const out = new Float32Array(count * outChannels);
  const hasAlpha = channels === 2 || channels === 4;
  const isColour = channels >= 3;
  for (let p = 0; p < count; p++) {
    const base = p * channels;
    const alpha = hasAlpha ? data[base + channels - 1] / 255 : 1;
    if (isColour) {
      const r = (data[base] / 255) * alpha;
      const g = (data[base + 1] / 255) * alpha;
      const b = (data[base + 2] / 255) * alpha;
      if (outChannels === 1) {
        out[p] = LUMA[0] * r + LUMA[1] * g + LUMA[2] * b;
      } else {
        out[p * 3] = r;
        out[p * 3 + 1] = g;
        out[p * 3 + 2] = b;
      }
    } else {
      const gray = (data[base] / 255) * alpha;
      for (let c = 0; c < outChannels; c++) out[p * outChannels + c] = gray;
    }
  }
  return out;
}

function resize(source: Float32Array, width: number, height: number, target: ImageShape): Float32Array {
  const c = target.channels;
  if (width === target.width && height === target.height) return source;
  const xTaps = resampleTaps(width, target.width);
  const yTaps = resampleTaps(height, target.height);
  // Horizontal pass first: source rows x target width, then columns.
  const rows = new Float32Array(height * target.width * c);
  for (let y = 0; y < height; y++) {
    applyTaps(source, { start: y * width * c, stride: c }, rows, { start: y * target.width * c, stride: c }, xTaps, c);
  }
  const out = new Float32Array(target.height * target.width * c);
  const column = target.width * c;
  for (let x = 0; x < target.width; x++) {
    applyTaps(rows, { start: x * c, stride: column }, out, { start: x * c, stride: column }, yTaps, c);
  }
  return out;
}

interface Line {
  /** Index of the line's first sample (channel 0). */
  readonly start: number;
  /** Distance between consecutive samples of the line. */
  readonly stride: number;
}

/** Resamples one line (a row or a column) of interleaved `channels`-valued samples. */
function applyTaps(
  input: Float32Array,
  from: Line,
  output: Float32Array,
  to: Line,
  taps: readonly Taps[],
  channels: number,
): void {
  for (let o = 0; o < taps.length; o++) {
    const { indices, weights } = taps[o];
    for (let ch = 0; ch < channels; ch++) {
      let sum = 0;
      for (let k = 0; k < indices.length; k++) sum += input[from.start + indices[k] * from.stride + ch] * weights[k];
      output[to.start + o * to.stride + ch] = sum;
    }
  }
}
