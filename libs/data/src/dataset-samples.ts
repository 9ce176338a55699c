import sharp from 'sharp';
import { loadDataset } from './dataset-registry.js';
import type { DatasetName, ImageSet } from './dataset-types.js';

/** One test image, as a person would look at it. */
export interface DatasetSample {
  /** Position in the dataset's test split (the same order evaluation uses). */
  readonly index: number;
  readonly label: number;
  readonly className: string;
  /** The image as a PNG file (grey or RGB, the dataset's own size). */
  readonly png: Buffer;
}

export const MAX_SAMPLES_PER_REQUEST = 100;

const testSetUnder = (dataRoot: string | undefined) => async (name: DatasetName): Promise<ImageSet> =>
  (await loadDataset(name, { limitTrain: 0, dataRoot })).test;

/**
 * Test images of the datasets, rendered to PNG on demand. Each test split is loaded once (on first use) and
 * kept: the embedded digits' is 6 MB of floats, Fashion-MNIST's 31 MB.
 */
export class DatasetSamples {
  private readonly testSets = new Map<DatasetName, Promise<ImageSet>>();

  /** `load`: a test split by name (default: from the default data root). */
  constructor(private readonly load: (name: DatasetName) => Promise<ImageSet> = testSetUnder(undefined)) {}

  /** Test images of the datasets under `dataRoot` (a role's HSIC_DATA_DIR). */
  static under(dataRoot: string | undefined): DatasetSamples {
    return new DatasetSamples(testSetUnder(dataRoot));
  }

  /** Images offset … offset+limit−1 of the test split (fewer at its end). Throws RangeError on bad bounds. */
  async testSamples(name: DatasetName, offset: number, limit: number): Promise<DatasetSample[]> {
    if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offset must be a whole number ≥ 0, got ${offset}`);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SAMPLES_PER_REQUEST) {
      throw new RangeError(`limit must be a whole number from 1 to ${MAX_SAMPLES_PER_REQUEST}, got ${limit}`);
    }
    const set = await this.testSet(name);
    const end = Math.min(offset + limit, set.count);
    const indices = Array.from({ length: Math.max(end - offset, 0) }, (_, i) => offset + i);
    return Promise.all(indices.map(async (index) => ({ index, label: set.labels[index], className: set.classNames[set.labels[index]], png: await toPng(set, index) })));
  }

  private testSet(name: DatasetName): Promise<ImageSet> {
    let set = this.testSets.get(name);
    if (!set) {
      set = this.load(name);
      this.testSets.set(name, set);
      set.catch(() => this.testSets.delete(name)); // a missing dataset may be installed later
    }
    return set;
  }
}

function toPng(set: ImageSet, index: number): Promise<Buffer> {
  const { height, width, channels } = set.shape;
  const size = height * width * channels;
  const pixels = Uint8Array.from(set.images.subarray(index * size, (index + 1) * size), (v) => Math.round(v * 255));
  const image = sharp(pixels, { raw: { width, height, channels: channels as 1 | 3 } });
  // sharp writes RGB unless told the image is grey: a third of the bytes for the same picture.
  return (channels === 1 ? image.toColourspace('b-w') : image).png().toBuffer();
}
