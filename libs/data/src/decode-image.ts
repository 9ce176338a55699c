import sharp, { type OutputInfo } from 'sharp';
import type { ImageShape } from './dataset-types.js';
import { DataFormatError } from './errors.js';
import { toModelInput } from './model-input.js';

export type ImageFormat = 'png' | 'jpeg';

/** Images whose longer side exceeds this many times the target's are shrunk while they are decoded. */
export const PRESHRINK_FACTOR = 16;

/** Recognises PNG and JPEG by their magic bytes; anything else is refused before decoding. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

export interface DecodeOptions {
  /**
   * The training digits are light strokes on black. 'auto' inverts an image whose border is
   * mostly light (dark ink on paper, as people draw and photograph), 'never' leaves it.
   */
  readonly invert?: 'auto' | 'always' | 'never';
  /** Label for error messages (a file name or "upload #2"). */
  readonly source?: string;
}

/**
 * PNG or JPEG bytes, any size or colour, to one model input: resized and converted like the
 * training data (values in [0, 1], HWC, the target's channel count).
 */
export async function decodeImageToModelInput(bytes: Uint8Array, target: ImageShape, options: DecodeOptions = {}): Promise<Float32Array> {
  const source = options.source ?? 'image';
  const format = sniffImageFormat(bytes);
  if (!format) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataFormatError(`${source}: expected a PNG or JPEG image, got ${bytes.length} bytes starting with ${head || '(nothing)'}`, source);
  }
  let raw: { data: Buffer; info: OutputInfo };
  try {
    const image = sharp(bytes, { failOn: 'error', limitInputPixels: 64_000_000, sequentialRead: true });
    const { width = 0, height = 0 } = await image.metadata();
    // A photo of 64 megapixels is 256 MB as a bitmap. Far larger than the target, it is shrunk while it is
    // decoded (JPEG decodes straight at a fraction of its size) to a box still big enough that the final,
    // exact resize below decides the result; ordinary images take the exact path alone.
    const box = PRESHRINK_FACTOR * Math.max(target.height, target.width);
    const shrunk = Math.max(width, height) > box ? image.resize({ width: box, height: box, fit: 'inside', kernel: 'cubic' }) : image;
    raw = await shrunk.raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new DataFormatError(`${source}: not a readable ${format.toUpperCase()} image (${(error as Error).message})`, source);
  }
  const input = toModelInput({ data: raw.data, width: raw.info.width, height: raw.info.height, channels: raw.info.channels }, target);
  const invert = options.invert ?? 'auto';
  if (invert === 'always' || (invert === 'auto' && borderMean(input, target) > 0.5)) {
    for (let i = 0; i < input.length; i++) input[i] = 1 - input[i];
  }
  return input;
}

function borderMean(values: Float32Array, shape: ImageShape): number {
  const { height, width, channels } = shape;
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y !== 0 && y !== height - 1 && x !== 0 && x !== width - 1) continue;
      for (let c = 0; c < channels; c++) sum += values[(y * width + x) * channels + c];
      count += channels;
    }
  }
  return sum / count;
}
