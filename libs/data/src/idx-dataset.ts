import { join } from 'node:path';
import type { DatasetName, DatasetSplit } from './dataset-types.js';
import { DatasetNotFoundError } from './errors.js';
import { isFile } from './fs-utils.js';
import { readIdxImageSet } from './idx-image-set.js';
import type { LoadOptions } from './load-options.js';

/** The four canonical file names shared by MNIST and Fashion-MNIST (each raw or with .gz). */
export const IDX_SPLIT_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type IdxSplitPaths = Record<keyof typeof IDX_SPLIT_FILES, string>;

const KEYS = Object.keys(IDX_SPLIT_FILES) as (keyof typeof IDX_SPLIT_FILES)[];

/** Paths of the four files in `dir`, preferring `.gz` (what the publishers ship), or null if any is missing. */
export function findIdxSplitFiles(dir: string): IdxSplitPaths | null {
  const found: Partial<IdxSplitPaths> = {};
  for (const key of KEYS) {
    const path = findOne(dir, IDX_SPLIT_FILES[key]);
    if (path === null) return null;
    found[key] = path;
  }
  return found as IdxSplitPaths;
}

function findOne(dir: string, baseName: string): string | null {
  for (const candidate of [`${baseName}.gz`, baseName]) {
    const path = join(dir, candidate);
    if (isFile(path)) return path;
  }
  return null;
}

function missingIn(dir: string): string[] {
  return KEYS.map((key) => IDX_SPLIT_FILES[key]).filter((base) => findOne(dir, base) === null);
}

export interface IdxDatasetSpec {
  readonly name: DatasetName;
  readonly displayName: string;
  readonly classNames: readonly string[];
  /** Directories to try in order; the first with all four files wins. */
  readonly searchDirs: readonly string[];
  /** Sentence(s) telling the user how to obtain the files. */
  readonly howToGet: string;
}

export async function loadIdxDataset(spec: IdxDatasetSpec, options: LoadOptions): Promise<DatasetSplit> {
  for (const dir of spec.searchDirs) {
    const paths = findIdxSplitFiles(dir);
    if (paths === null) continue;
    const [train, test] = await Promise.all([
      readIdxImageSet(paths.trainImages, paths.trainLabels, spec.classNames, options.limitTrain),
      readIdxImageSet(paths.testImages, paths.testLabels, spec.classNames, options.limitTest),
    ]);
    return { name: spec.name, train, test, source: dir };
  }
  throw notFound(spec);
}

function notFound(spec: IdxDatasetSpec): DatasetNotFoundError {
  const wanted = KEYS.map((key) => `${IDX_SPLIT_FILES[key]}.gz`).join(', ');
  const looked = spec.searchDirs
    .map((dir) => {
      const missing = missingIn(dir);
      return missing.length === KEYS.length ? `${dir} (no files)` : `${dir} (missing ${missing.join(', ')})`;
    })
    .join('; ');
  return new DatasetNotFoundError(
    `${spec.displayName} not found. Looked for ${wanted} (gzipped or not) in: ${looked}. To get it: ${spec.howToGet}.`,
    spec.name,
    spec.searchDirs,
  );
}
