import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from './dataset-registry.js';
import { DataFormatError, DatasetNotFoundError } from './errors.js';
import { makeCifarRecords, makeTempDir } from './test-fixtures.test-util.js';

/** Batch b holds 2 records whose labels are b and b + 5 and whose red channel is constant 10*b+r. */
function batch(b: number): Uint8Array {
  return makeCifarRecords(
    [0, 1].map((r) => ({ label: (b + 5 * r) % 10, pixel: (c: number) => (c === 0 ? 10 * b + r : 200) })),
  );
}

describe('cifar10 loader', () => {
  let root: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir: root, cleanup } = makeTempDir());
    // Laid out as the official archive unpacks: <dataDir>/cifar-10-batches-bin/*.bin
    const inner = join(root, 'cifar-10-batches-bin');
    mkdirSync(inner);
    for (let b = 1; b <= 5; b++) writeFileSync(join(inner, `data_batch_${b}.bin`), batch(b));
    writeFileSync(join(inner, 'test_batch.bin'), batch(0));
  });
  afterAll(() => cleanup());

  it('reads the five train batches in order and the test batch, from the archive folder', async () => {
    const split = await loadDataset('cifar10', { dataDir: root });
    expect(split.source).toBe(join(root, 'cifar-10-batches-bin'));
    expect(split.train.count).toBe(10);
    expect(split.test.count).toBe(2);
    expect(Array.from(split.train.labels)).toEqual([1, 6, 2, 7, 3, 8, 4, 9, 5, 0]);
    expect(split.train.shape).toEqual({ height: 32, width: 32, channels: 3 });
    expect(split.train.classNames[0]).toBe('airplane');
    // Image 5 is batch 3, record 1: red 31, green and blue 200, at any pixel.
    const at = (n: number, y: number, x: number, c: number): number => split.train.images[((n * 32 + y) * 32 + x) * 3 + c];
    expect(at(5, 13, 29, 0)).toBeCloseTo(31 / 255, 6);
    expect(at(5, 13, 29, 1)).toBeCloseTo(200 / 255, 6);
  });

  it('stops reading at the limit, across batch boundaries', async () => {
    const split = await loadDataset('cifar10', { dataDir: root, limitTrain: 3, limitTest: 1 });
    expect(Array.from(split.train.labels)).toEqual([1, 6, 2]);
    expect(split.test.count).toBe(1);
    expect(split.train.images).toHaveLength(3 * 3072);
  });

  it('reports a truncated batch file by name', async () => {
    const { dir, cleanup: clean } = makeTempDir();
    try {
      for (let b = 1; b <= 5; b++) writeFileSync(join(dir, `data_batch_${b}.bin`), batch(b));
      writeFileSync(join(dir, 'test_batch.bin'), batch(0).subarray(0, 5000));
      const error = await loadDataset('cifar10', { dataDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataFormatError);
      expect((error as Error).message).toContain(`${join(dir, 'test_batch.bin')}: length 5000 is not a multiple of the 3073-byte`);
    } finally {
      clean();
    }
  });

  it('explains how to get CIFAR-10 when files are missing', async () => {
    const { dir, cleanup: clean } = makeTempDir();
    try {
      const error = await loadDataset('cifar10', { dataDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatasetNotFoundError);
      const message = (error as Error).message;
      expect(message).toContain(`(${dir}: no files)`);
      expect(message).toContain(`hsic download cifar10 --data-dir ${dir}`);
      expect(message).toContain('cifar-10-binary.tar.gz');
    } finally {
      clean();
    }
  });
});
