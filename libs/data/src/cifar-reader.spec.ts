import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCifarBatch, readCifarBatch } from './cifar-reader.js';
import { DataFormatError } from './errors.js';
import { makeCifarRecords, makeTempDir } from './test-fixtures.test-util.js';

/** Distinct value per (record, channel, y, x) so a transposition bug shows up. */
const pixel = (r: number) => (c: number, y: number, x: number) => (r * 50 + c * 80 + y * 5 + x) % 256;

const RECORDS = makeCifarRecords([
  { label: 3, pixel: pixel(0) },
  { label: 0, pixel: pixel(1) },
  { label: 9, pixel: pixel(2) },
]);

/** NHWC index of channel c at (y, x) of image n. */
const nhwc = (n: number, y: number, x: number, c: number): number => ((n * 32 + y) * 32 + x) * 3 + c;

describe('CIFAR-10 binary reader', () => {
  it('reads labels and converts channel-major planes to NHWC floats', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const path = join(dir, 'data_batch_1.bin');
      writeFileSync(path, RECORDS);
      const batch = await readCifarBatch(path);
      expect(batch.count).toBe(3);
      expect(Array.from(batch.labels)).toEqual([3, 0, 9]);
      expect(batch.images).toHaveLength(3 * 3072);
      for (const [n, y, x] of [[0, 0, 0], [0, 0, 1], [1, 5, 7], [2, 31, 31], [2, 17, 3]]) {
        for (let c = 0; c < 3; c++) {
          expect(batch.images[nhwc(n, y, x, c)]).toBeCloseTo(pixel(n)(c, y, x) / 255, 6);
        }
      }
      // Literal spot checks, independent of the helper: record 1, green (c=1), y=2, x=3 is stored
      // at byte 3073 + 1 + 1024 + 2*32 + 3 and is (50 + 80 + 10 + 3) = 143.
      expect(RECORDS[3073 + 1 + 1024 + 67]).toBe(143);
      expect(batch.images[((1 * 32 + 2) * 32 + 3) * 3 + 1]).toBeCloseTo(143 / 255, 6);
      // Red of the very first pixel sits right after the first label byte.
      expect(batch.images[0]).toBe(Math.fround(RECORDS[1] / 255));
    } finally {
      cleanup();
    }
  });

  it('keeps values in [0, 1] and honours limit', () => {
    const all = decodeCifarBatch(makeCifarRecords([{ label: 1, pixel: (c) => (c === 0 ? 255 : 0) }]));
    expect(Math.max(...all.images)).toBe(1);
    expect(Math.min(...all.images)).toBe(0);
    expect(decodeCifarBatch(RECORDS, { limit: 2 }).count).toBe(2);
    expect(Array.from(decodeCifarBatch(RECORDS, { limit: 2 }).labels)).toEqual([3, 0]);
  });

  it('rejects a length that is not a whole number of records', () => {
    expect(() => decodeCifarBatch(RECORDS.subarray(0, 3073 * 2 + 100), { sourceName: 'cut.bin' })).toThrow(
      'cut.bin: length 6246 is not a multiple of the 3073-byte CIFAR-10 record (2 whole records + 100 stray bytes)',
    );
  });

  it('rejects labels of 10 or more', () => {
    const bad = Uint8Array.from(RECORDS);
    bad[2 * 3073] = 10;
    const error = (() => {
      try {
        decodeCifarBatch(bad, { sourceName: 'bad.bin' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as Error).message).toContain('bad.bin: record 2 (byte offset 6146) has label 10, expected 0..9');
  });

  it('names a missing batch file', async () => {
    await expect(readCifarBatch('/nonexistent/test_batch.bin')).rejects.toThrow('CIFAR batch file not found: /nonexistent/test_batch.bin');
  });
});
