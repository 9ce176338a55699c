import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataFormatError } from './errors.js';
import { decodeIdx, encodeIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, readIdx } from './idx-reader.js';
import { makeTempDir, patternPixels } from './test-fixtures.test-util.js';

describe('IDX reader', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = makeTempDir()));
  afterAll(() => cleanup());

  const images = patternPixels(3, 4, 5);
  const imageFile = encodeIdx([3, 4, 5], images);

  it('encodes the documented header: zero bytes, type 0x08, ndims, big-endian dims', () => {
    expect(Array.from(imageFile.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5]);
    expect(imageFile.length).toBe(16 + 60);
  });

  it('round-trips raw and gzipped files read from disk', async () => {
    const rawPath = join(dir, 'images-idx3-ubyte');
    const gzPath = join(dir, 'images-idx3-ubyte.gz');
    writeFileSync(rawPath, imageFile);
    writeFileSync(gzPath, gzipSync(imageFile));
    for (const path of [rawPath, gzPath]) {
      const read = await readIdx(path, { expectedMagic: IDX_IMAGES_MAGIC });
      expect(read.dims).toEqual([3, 4, 5]);
      expect(read.data).toEqual(images);
      // Pixel (image 2, row 3, col 4) = (2*7 + 3*3 + 4) % 256.
      expect(read.data[2 * 20 + 3 * 5 + 4]).toBe(27);
    }
  });

  it('decodes buffers, gzip detected by magic rather than by name', async () => {
    const labels = Uint8Array.from([9, 0, 3]);
    const file = gzipSync(encodeIdx([3], labels));
    expect(decodeIdx(file, { expectedMagic: IDX_LABELS_MAGIC })).toEqual({ dims: [3], data: labels });
    expect((await readIdx(file)).data).toEqual(labels);
  });

  it('reports a truncated file with its name, expected and actual byte counts', async () => {
    const path = join(dir, 'truncated-idx3-ubyte');
    writeFileSync(path, imageFile.subarray(0, 70));
    await expect(readIdx(path)).rejects.toThrow(`${path}: truncated: dims [3, 4, 5] need 76 bytes but the file has 70`);
    const gzPath = join(dir, 'truncated-idx3-ubyte.gz');
    writeFileSync(gzPath, gzipSync(imageFile.subarray(0, 70)));
    await expect(readIdx(gzPath)).rejects.toThrow(`${gzPath}: truncated: dims [3, 4, 5] need 76 bytes but the decompressed data has 70`);
  });

  it('reports a truncated header and a cut gzip stream', async () => {
    expect(() => decodeIdx(imageFile.subarray(0, 10), { sourceName: 'head.idx' })).toThrow(
      'head.idx: truncated header: 3 dimensions need 16 header bytes but the file has 10',
    );
    const path = join(dir, 'cut.gz');
    const gz = gzipSync(imageFile);
    writeFileSync(path, gz.subarray(0, gz.length - 12));
    await expect(readIdx(path)).rejects.toThrow(`${path}: gzip data is corrupt or truncated`);
  });

  it('reports a wrong magic number with the expected and the found value', async () => {
    const path = join(dir, 'labels-as-images');
    writeFileSync(path, encodeIdx([3], Uint8Array.of(1, 2, 3)));
    const error = await readIdx(path, { expectedMagic: IDX_IMAGES_MAGIC }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as DataFormatError).message).toBe(
      `${path}: wrong magic number: expected 2051 (0x00000803) but found 2049 (0x00000801)`,
    );
    expect(() => decodeIdx(new TextEncoder().encode('hello world'))).toThrow(
      'IDX buffer: not an IDX file: magic 1751477356 (0x68656c6c) should start with two zero bytes',
    );
  });

  it('rejects element types other than unsigned byte', () => {
    const floats = Uint8Array.from(imageFile);
    floats[2] = 0x0d;
    expect(() => decodeIdx(floats, { sourceName: 'f.idx' })).toThrow(
      'f.idx: unsupported IDX element type 0x0d (float32); only 0x08 unsigned byte is supported',
    );
  });

  it('rejects dims that do not match the data length (extra bytes)', () => {
    const wrongDims = Uint8Array.from(imageFile);
    wrongDims[15] = 4; // claims 3x4x4 = 48 pixels, file holds 60
    expect(() => decodeIdx(wrongDims, { sourceName: 'dims.idx' })).toThrow(
      'dims.idx: dims [3, 4, 4] need 64 bytes but the file has 76 (12 extra)',
    );
  });

  it('names a missing file', async () => {
    const path = join(dir, 'nope-idx3-ubyte.gz');
    await expect(readIdx(path)).rejects.toThrow(`IDX file not found: ${path}`);
  });
});
