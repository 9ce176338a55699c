import { readFile } from 'node:fs/promises';
import { DataFormatError } from './errors.js';
import { isErrnoCode } from './fs-utils.js';
import { gunzipIfNeeded, gunzipIfNeededSync, isGzip } from './gzip.js';

/**
 * IDX (the MNIST file format): bytes 0-1 are zero, byte 2 is the element type, byte 3 the
 * number of dimensions, then one big-endian uint32 per dimension, then the elements.
 * Only element type 0x08 (unsigned byte) is supported: it is the only one image datasets use.
 */
export interface IdxData {
  readonly dims: number[];
  /** Row-major elements; a view into the decoded buffer, not a copy. */
  readonly data: Uint8Array;
}

export const IDX_UNSIGNED_BYTE = 0x08;
/** Magic of an unsigned-byte 3-D file (n x rows x cols), e.g. train-images-idx3-ubyte. */
export const IDX_IMAGES_MAGIC = 2051;
/** Magic of an unsigned-byte 1-D file (n), e.g. train-labels-idx1-ubyte. */
export const IDX_LABELS_MAGIC = 2049;

export interface IdxReadOptions {
  /** When set, the full 32-bit magic must equal this (2051 images, 2049 labels). */
  readonly expectedMagic?: number;
  /** Name used in error messages when reading from a buffer. */
  readonly sourceName?: string;
}

const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

/** Reads an IDX file (gzipped or raw) from a path, or decodes one from bytes. */
export async function readIdx(source: string | Uint8Array, options: IdxReadOptions = {}): Promise<IdxData> {
  if (typeof source !== 'string') return decodeIdx(source, options);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(source);
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) {
      throw new DataFormatError(`IDX file not found: ${source}`, source);
    }
    throw error;
  }
  const sourceName = options.sourceName ?? source;
  return decodeRawIdx(await gunzipIfNeeded(bytes, sourceName), sourceName, options, isGzip(bytes));
}

/** Synchronous decode of IDX bytes; gunzips first when the bytes start with the gzip magic. */
export function decodeIdx(bytes: Uint8Array, options: IdxReadOptions = {}): IdxData {
  const source = options.sourceName ?? 'IDX buffer';
  return decodeRawIdx(gunzipIfNeededSync(bytes, source), source, options, isGzip(bytes));
}

function decodeRawIdx(raw: Uint8Array, source: string, options: IdxReadOptions, wasGzip: boolean): IdxData {
  // Byte counts in messages refer to the decompressed stream, so say so for .gz files.
  const has = (n: number): string => `${wasGzip ? 'the decompressed data has' : 'the file has'} ${n}`;
  const fail = (message: string): never => {
    throw new DataFormatError(`${source}: ${message}`, source);
  };

  if (raw.length < 4) fail(`too short for an IDX header: need at least 4 bytes but ${has(raw.length)}`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0, false);

  if (options.expectedMagic !== undefined && magic !== options.expectedMagic) {
    fail(
      `wrong magic number: expected ${describeMagic(options.expectedMagic)} but found ${describeMagic(magic)}`,
    );
  }
  if (raw[0] !== 0 || raw[1] !== 0) {
    fail(`not an IDX file: magic ${describeMagic(magic)} should start with two zero bytes`);
  }
  const type = raw[2];
  if (type !== IDX_UNSIGNED_BYTE) {
    fail(`unsupported IDX element type 0x${hex(type, 2)} (${TYPE_NAMES[type] ?? 'unknown'}); only 0x08 unsigned byte is supported`);
  }
  const ndims = raw[3];
  if (ndims === 0) fail('IDX header declares 0 dimensions');

  const headerBytes = 4 + 4 * ndims;
  if (raw.length < headerBytes) {
    fail(`truncated header: ${ndims} dimensions need ${headerBytes} header bytes but ${has(raw.length)}`);
  }
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i, false));

  const expectedBytes = headerBytes + dims.reduce((a, b) => a * b, 1);
  if (raw.length < expectedBytes) {
    fail(`truncated: dims [${dims.join(', ')}] need ${expectedBytes} bytes but ${has(raw.length)}`);
  }
  if (raw.length > expectedBytes) {
    fail(`dims [${dims.join(', ')}] need ${expectedBytes} bytes but ${has(raw.length)} (${raw.length - expectedBytes} extra)`);
  }
  return { dims, data: raw.subarray(headerBytes, expectedBytes) };
}

/** Encodes unsigned-byte IDX; used to write fixtures and by anyone exporting data. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw new RangeError(`encodeIdx: dims [${dims.join(', ')}] need ${size} elements, got ${data.length}`);
  }
  const out = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(out.buffer);
  out[2] = IDX_UNSIGNED_BYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

function describeMagic(magic: number): string {
  return `${magic} (0x${hex(magic, 8)})`;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}
