import { join, resolve } from 'node:path';
import { FASHION_MNIST_CLASS_NAMES } from './class-names.js';
import { DEBIAN_FASHION_MNIST_DIR, defaultDataRoot } from './data-paths.js';
import type { DatasetSplit } from './dataset-types.js';
import { findIdxSplitFiles, loadIdxDataset } from './idx-dataset.js';
import type { LoadOptions } from './load-options.js';
import { downloadHint } from './obtain-hints.js';

/** An explicit dataDir is the only place searched: silently using other files would hide a typo. */
export function fashionMnistSearchDirs(dataDir?: string, root: string = defaultDataRoot()): string[] {
  return dataDir !== undefined ? [resolve(dataDir)] : [join(root, 'fashion-mnist'), DEBIAN_FASHION_MNIST_DIR];
}

export function locateFashionMnist(dataDir?: string, root?: string): string | null {
  return fashionMnistSearchDirs(dataDir, root).find((dir) => findIdxSplitFiles(dir) !== null) ?? null;
}

/** Canonical order, 60,000 train / 10,000 test, never shuffled (the reference trains unshuffled). */
export function loadFashionMnist(options: LoadOptions = {}): Promise<DatasetSplit> {
  return loadIdxDataset(
    {
      name: 'fashion-mnist',
      displayName: 'Fashion-MNIST',
      classNames: FASHION_MNIST_CLASS_NAMES,
      searchDirs: fashionMnistSearchDirs(options.dataDir, options.dataRoot),
      howToGet:
        `on Debian/Ubuntu \`sudo apt-get install dataset-fashion-mnist\` (installs to ${DEBIAN_FASHION_MNIST_DIR}), ` +
        `or ${downloadHint('fashion-mnist', options.dataDir)}`,
    },
    options,
  );
}
