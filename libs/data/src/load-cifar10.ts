import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CIFAR_PIXELS_PER_RECORD, CIFAR_RECORD_BYTES, CIFAR_SIDE, CIFAR_CHANNELS, readCifarBatch } from './cifar-reader.js';
import { CIFAR10_CLASS_NAMES } from './class-names.js';
import { defaultDataRoot } from './data-paths.js';
import type { DatasetSplit, ImageSet } from './dataset-types.js';
import { DataFormatError, DatasetNotFoundError } from './errors.js';
import { isFile } from './fs-utils.js';
import { createImageSet } from './image-set.js';
import type { LoadOptions } from './load-options.js';
import { downloadHint } from './obtain-hints.js';

export const CIFAR10_TRAIN_FILES: readonly string[] = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const CIFAR10_TEST_FILES: readonly string[] = ['test_batch.bin'];
/** Folder name inside the official archive; accepted below the data dir so an unpacked tarball just works. */
export const CIFAR10_ARCHIVE_FOLDER = 'cifar-10-batches-bin';

const ALL_FILES = [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES];

export function cifar10SearchDirs(dataDir?: string, root: string = defaultDataRoot()): string[] {
  const base = dataDir !== undefined ? resolve(dataDir) : join(root, 'cifar10');
  return [base, join(base, CIFAR10_ARCHIVE_FOLDER)];
}

export function locateCifar10(dataDir?: string, root?: string): string | null {
  return cifar10SearchDirs(dataDir, root).find(hasAllFiles) ?? null;
}

function hasAllFiles(dir: string): boolean {
  return ALL_FILES.every((name) => isFile(join(dir, name)));
}

/** The official binary batches: 50,000 train (batches 1-5 in order) and 10,000 test, as NHWC 32x32x3. */
export async function loadCifar10(options: LoadOptions = {}): Promise<DatasetSplit> {
  const dirs = cifar10SearchDirs(options.dataDir, options.dataRoot);
  const dir = dirs.find(hasAllFiles);
  if (dir === undefined) {
    const missing = ALL_FILES.filter((name) => !isFile(join(dirs[0], name)));
    const detail = missing.length === ALL_FILES.length ? 'no files' : `missing ${missing.join(', ')}`;
    throw new DatasetNotFoundError(
      `CIFAR-10 not found. Looked for ${ALL_FILES.join(', ')} in ${dirs.join(' and ')} ` +
        `(${dirs[0]}: ${detail}). To get it: ${downloadHint('cifar10', options.dataDir)}, ` +
        `or unpack https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz into ${dirs[0]}.`,
      'cifar10',
      dirs,
    );
  }
  const train = await readBatches(CIFAR10_TRAIN_FILES.map((name) => join(dir, name)), options.limitTrain);
  const test = await readBatches(CIFAR10_TEST_FILES.map((name) => join(dir, name)), options.limitTest);
  return { name: 'cifar10', train, test, source: dir };
}

/**
 * Reads batches one at a time into one preallocated buffer so peak memory is the result plus
 * one batch, and stops reading once `limit` images are in.
 */
async function readBatches(paths: readonly string[], limit?: number): Promise<ImageSet> {
  const available = paths.reduce((sum, path) => sum + recordCount(path), 0);
  const count = limit === undefined ? available : Math.min(available, limit);
  const images = new Float32Array(count * CIFAR_PIXELS_PER_RECORD);
  const labels = new Uint8Array(count);
  let filled = 0;
  for (const path of paths) {
    if (filled >= count) break;
    const batch = await readCifarBatch(path, { limit: count - filled });
    images.set(batch.images, filled * CIFAR_PIXELS_PER_RECORD);
    labels.set(batch.labels, filled);
    filled += batch.count;
  }
  return createImageSet({
    images,
    labels,
    shape: { height: CIFAR_SIDE, width: CIFAR_SIDE, channels: CIFAR_CHANNELS },
    classNames: CIFAR10_CLASS_NAMES,
  });
}

function recordCount(path: string): number {
  const { size } = statSync(path);
  if (size % CIFAR_RECORD_BYTES !== 0) {
    throw new DataFormatError(
      `${path}: length ${size} is not a multiple of the ${CIFAR_RECORD_BYTES}-byte CIFAR-10 record; truncated or not a CIFAR-10 binary batch`,
      path,
    );
  }
  return size / CIFAR_RECORD_BYTES;
}
