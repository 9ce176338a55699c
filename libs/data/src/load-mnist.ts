import { join, resolve } from 'node:path';
import { MNIST_CLASS_NAMES } from './class-names.js';
import { defaultDataRoot } from './data-paths.js';
import type { DatasetSplit } from './dataset-types.js';
import { findIdxSplitFiles, loadIdxDataset } from './idx-dataset.js';
import type { LoadOptions } from './load-options.js';
import { downloadHint } from './obtain-hints.js';

export function mnistSearchDirs(dataDir?: string, root: string = defaultDataRoot()): string[] {
  return [dataDir !== undefined ? resolve(dataDir) : join(root, 'mnist')];
}

export function locateMnist(dataDir?: string, root?: string): string | null {
  return mnistSearchDirs(dataDir, root).find((dir) => findIdxSplitFiles(dir) !== null) ?? null;
}

/** The canonical MNIST IDX files, 60,000 train / 10,000 test in published order. */
export function loadMnist(options: LoadOptions = {}): Promise<DatasetSplit> {
  return loadIdxDataset(
    {
      name: 'mnist',
      displayName: 'MNIST',
      classNames: MNIST_CLASS_NAMES,
      searchDirs: mnistSearchDirs(options.dataDir, options.dataRoot),
      howToGet: `${downloadHint('mnist', options.dataDir)} (for a quick start without downloading, use the 'mnist-10k' dataset)`,
    },
    options,
  );
}
