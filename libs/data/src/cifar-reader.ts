import { readFile } from 'node:fs/promises';
import { DataFormatError } from './errors.js';
import { isErrnoCode } from './fs-utils.js';

/**
 * The `cifar-10-batches-bin` format: fixed records of 1 label byte followed by 3072 pixel
 * bytes stored channel-major (the full 32x32 red plane, then green, then blue, each row-major).
 */
export const CIFAR_SIDE = 32;
export const CIFAR_CHANNELS = 3;
export const CIFAR_PIXELS_PER_RECORD = CIFAR_SIDE * CIFAR_SIDE * CIFAR_CHANNELS;
export const CIFAR_RECORD_BYTES = 1 + CIFAR_PIXELS_PER_RECORD;
export const CIFAR10_CLASS_COUNT = 10;

export interface CifarBatch {
  /** count * 32 * 32 * 3 values, NHWC (pixel-interleaved RGB), scaled to [0, 1]. */
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

export interface CifarDecodeOptions {
  readonly sourceName?: string;
  /** Decode only the first `limit` records (saves ~12 KB of float memory per skipped image). */
  readonly limit?: number;
}

export async function readCifarBatch(path: string, options: CifarDecodeOptions = {}): Promise<CifarBatch> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) throw new DataFormatError(`CIFAR batch file not found: ${path}`, path);
    throw error;
  }
  return decodeCifarBatch(bytes, { ...options, sourceName: options.sourceName ?? path });
}

export function decodeCifarBatch(bytes: Uint8Array, options: CifarDecodeOptions = {}): CifarBatch {
  const source = options.sourceName ?? 'CIFAR buffer';
  if (bytes.length % CIFAR_RECORD_BYTES !== 0) {
    const whole = Math.floor(bytes.length / CIFAR_RECORD_BYTES);
    throw new DataFormatError(
      `${source}: length ${bytes.length} is not a multiple of the ${CIFAR_RECORD_BYTES}-byte CIFAR-10 record ` +
        `(${whole} whole records + ${bytes.length - whole * CIFAR_RECORD_BYTES} stray bytes); truncated or not a CIFAR-10 binary batch`,
      source,
    );
  }
  const total = bytes.length / CIFAR_RECORD_BYTES;
  const count = options.limit === undefined ? total : Math.min(total, Math.max(0, options.limit));
  const plane = CIFAR_SIDE * CIFAR_SIDE;
  const images = new Float32Array(count * CIFAR_PIXELS_PER_RECORD);
  const labels = new Uint8Array(count);

  for (let r = 0; r < count; r++) {
    const recordStart = r * CIFAR_RECORD_BYTES;
    const label = bytes[recordStart];
    if (label >= CIFAR10_CLASS_COUNT) {
      throw new DataFormatError(
        `${source}: record ${r} (byte offset ${recordStart}) has label ${label}, expected 0..${CIFAR10_CLASS_COUNT - 1}` +
          ' (CIFAR-100 files have 2 label bytes per record and are not supported)',
        source,
      );
    }
    labels[r] = label;
    const pixelsStart = recordStart + 1;
    const outStart = r * CIFAR_PIXELS_PER_RECORD;
    for (let c = 0; c < CIFAR_CHANNELS; c++) {
      const planeStart = pixelsStart + c * plane;
      for (let p = 0; p < plane; p++) {
        images[outStart + p * CIFAR_CHANNELS + c] = bytes[planeStart + p] / 255;
      }
    }
  }
  return { images, labels, count };
}
