// Builders for small synthetic dataset files, shared by the specs. Never part of the build.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FetchLike, FetchResponseLike } from './fetch-like.js';
import { encodeIdx } from './idx-reader.js';

export function makeTempDir(prefix = 'hsic-data-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** n images of rows x cols whose pixel (i, r, c) is (i * 7 + r * 3 + c) % 256: every position checkable. */
export function patternPixels(n: number, rows: number, cols: number): Uint8Array {
  const data = new Uint8Array(n * rows * cols);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) data[(i * rows + r) * cols + c] = (i * 7 + r * 3 + c) % 256;
    }
  }
  return data;
}

/**
 * MNIST-format IDX files (MNIST and Fashion-MNIST share the format and names): 28x28 pattern images with the given
 * labels, the training files gzipped and the test files raw, as both forms occur.
 */
export function writeMnistFormatFiles(dir: string, labels: { train: readonly number[]; test: readonly number[] }): void {
  mkdirSync(dir, { recursive: true });
  const { train, test } = labels;
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(encodeIdx([train.length, 28, 28], patternPixels(train.length, 28, 28))));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([train.length], Uint8Array.from(train))));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), encodeIdx([test.length, 28, 28], patternPixels(test.length, 28, 28)));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([test.length], Uint8Array.from(test)));
}

export interface CifarRecordSpec {
  readonly label: number;
  /** Pixel value for channel c at (y, x). */
  readonly pixel: (c: number, y: number, x: number) => number;
}

/** Raw CIFAR-10 binary records: label byte, then R, G, B planes of 32x32, each row-major. */
export function makeCifarRecords(records: readonly CifarRecordSpec[]): Uint8Array {
  const out = new Uint8Array(records.length * 3073);
  records.forEach((record, r) => {
    const base = r * 3073;
    out[base] = record.label;
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) out[base + 1 + c * 1024 + y * 32 + x] = record.pixel(c, y, x);
      }
    }
  });
  return out;
}

export interface TarSpecEntry {
  readonly name: string;
  readonly data?: Uint8Array;
  readonly type?: '0' | '5';
}

/** A POSIX ustar archive with valid header checksums and the two-block end marker. */
export function makeTar(entries: readonly TarSpecEntry[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const entry of entries) {
    const data = entry.data ?? new Uint8Array(0);
    const header = new Uint8Array(512);
    const put = (text: string, offset: number, length: number): void => {
      const bytes = new TextEncoder().encode(text);
      if (bytes.length > length) throw new Error(`tar field too long: ${text}`);
      header.set(bytes, offset);
    };
    put(entry.name.slice(0, 100), 0, 100);
    put('0000644\0', 100, 8);
    put('0000000\0', 108, 8);
    put('0000000\0', 116, 8);
    put(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 12);
    put('00000000000\0', 136, 12);
    put(entry.type ?? '0', 156, 1);
    put('ustar\0', 257, 6);
    put('00', 263, 2);
    header.fill(0x20, 148, 156);
    const sum = header.reduce((a, b) => a + b, 0);
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
    blocks.push(header);
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    blocks.push(padded);
  }
  blocks.push(new Uint8Array(1024));
  return concat(blocks);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Splits bytes into awkward chunk sizes so stream code cannot rely on alignment. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

export interface FakeFetch {
  readonly fetch: FetchLike;
  readonly requested: string[];
}

/** Serves `routes[url]` bytes (404 otherwise) in 1000-byte chunks and records every URL asked for. */
export function fakeFetch(routes: Readonly<Record<string, Uint8Array>>): FakeFetch {
  const requested: string[] = [];
  const fetch: FetchLike = async (url) => {
    requested.push(url);
    const body = routes[url];
    const response: FetchResponseLike = {
      ok: body !== undefined,
      status: body !== undefined ? 200 : 404,
      statusText: body !== undefined ? 'OK' : 'Not Found',
      headers: { get: (name) => (name.toLowerCase() === 'content-length' && body ? String(body.length) : null) },
      body: chunked(body ?? new TextEncoder().encode('not found'), 1000),
    };
    return response;
  };
  return { fetch, requested };
}

/**
 * Byte-wise equality of typed arrays. Jest's toEqual walks millions of elements one by one
 * (seconds for a dataset); comparing the bytes is exact and instant.
 */
export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
