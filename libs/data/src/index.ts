// Public API of @hsic/data: datasets as in-memory NHWC float images, their loaders and
// downloaders, and the seeded randomness shared with the engine.

export { createRng, type Rng } from './random.js';
export { shuffledIndices } from './shuffle.js';
export { splitTrainTest, type TrainTest } from './split.js';

export {
  DATASET_NAMES,
  isDatasetName,
  type DatasetName,
  type DatasetSplit,
  type ImageSet,
  type ImageShape,
} from './dataset-types.js';
export { countByClass, createImageSet, featureSize, subset, takeFirst, type ImageSetParts } from './image-set.js';
export { CIFAR10_CLASS_NAMES, FASHION_MNIST_CLASS_NAMES, MNIST_CLASS_NAMES } from './class-names.js';

export { DataFormatError, DatasetNotFoundError, DownloadError } from './errors.js';
export { isGzip } from './gzip.js';
export {
  decodeIdx,
  encodeIdx,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  IDX_UNSIGNED_BYTE,
  readIdx,
  type IdxData,
  type IdxReadOptions,
} from './idx-reader.js';
export {
  CIFAR_RECORD_BYTES,
  decodeCifarBatch,
  readCifarBatch,
  type CifarBatch,
  type CifarDecodeOptions,
} from './cifar-reader.js';

export { DATA_DIR_ENV, dataEnvFields, DEBIAN_FASHION_MNIST_DIR, defaultDataRoot, defaultDatasetDir, type DataEnv } from './data-paths.js';
export { DEFAULT_SEED, type LoadOptions } from './load-options.js';
export { MNIST_10K_TEST_COUNT, MNIST_10K_TRAIN_COUNT } from './load-mnist-10k.js';
export { listDatasets, loadDataset, type DatasetInfo } from './dataset-registry.js';

export { downloadDataset, type DatasetDownloadOptions, type DownloadResult } from './download-dataset.js';
export { DOWNLOAD_SOURCES, type DownloadSource, type ExpectedContent } from './download-sources.js';
export { downloadFiles, type DownloadedFile, type DownloadOptions, type DownloadProgress, type RemoteFile } from './verified-download.js';
export type { FetchLike, FetchResponseLike } from './fetch-like.js';

export { toModelInput, type RawPixels } from './model-input.js';
export * from './decode-image.js';
export { DatasetSamples, MAX_SAMPLES_PER_REQUEST, type DatasetSample } from './dataset-samples.js';
