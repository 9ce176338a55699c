import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataRoot } from './data-paths.js';
import { listDatasets, loadDataset } from './dataset-registry.js';
import type { DatasetName } from './dataset-types.js';
import { DataFormatError, DatasetNotFoundError } from './errors.js';
import { encodeIdx } from './idx-reader.js';
import { makeTempDir, writeMnistFormatFiles } from './test-fixtures.test-util.js';

/** A miniature MNIST in IDX form: 6 train / 4 test images of 28x28, mixing .gz and raw files. */
const writeMiniMnist = (dir: string) => writeMnistFormatFiles(dir, { train: [5, 0, 4, 1, 9, 2], test: [7, 2, 1, 0] });

describe('dataset registry', () => {
  let root: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir: root, cleanup } = makeTempDir()));
  afterAll(() => cleanup());

  it('loads canonical MNIST IDX files from a data dir, in file order, gz or raw', async () => {
    const dir = join(root, 'explicit-mnist');
    writeMiniMnist(dir);
    const split = await loadDataset('mnist', { dataDir: dir });
    expect(split.source).toBe(dir);
    expect([split.train.count, split.test.count]).toEqual([6, 4]);
    expect(Array.from(split.train.labels)).toEqual([5, 0, 4, 1, 9, 2]);
    expect(Array.from(split.test.labels)).toEqual([7, 2, 1, 0]);
    // Image 3, row 10, col 20 = (3*7 + 10*3 + 20) % 256 = 71.
    expect(split.train.images[3 * 784 + 10 * 28 + 20]).toBeCloseTo(71 / 255, 6);
    const limited = await loadDataset('mnist', { dataDir: dir, limitTrain: 2, limitTest: 0 });
    expect([limited.train.count, limited.test.count]).toEqual([2, 0]);
    expect(Array.from(limited.train.labels)).toEqual([5, 0]);
  });

  it('finds datasets under <dataRoot>/<name> (the root a role takes from $HSIC_DATA_DIR) by default', async () => {
    writeMiniMnist(join(root, 'mnist'));
    const split = await loadDataset('mnist', { dataRoot: defaultDataRoot({ HSIC_DATA_DIR: root }) });
    expect(split.source).toBe(join(root, 'mnist'));
  });

  it('says which files are missing and how to download MNIST', async () => {
    const dir = join(root, 'partial-mnist');
    writeMiniMnist(dir);
    unlinkSync(join(dir, 't10k-labels-idx1-ubyte'));
    const error = await loadDataset('mnist', { dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect((error as Error).message).toContain(`${dir} (missing t10k-labels-idx1-ubyte)`);
    expect((error as Error).message).toContain(`hsic download mnist --data-dir ${dir}`);
  });

  it('rejects image and label files that disagree on the count', async () => {
    const dir = join(root, 'mismatch');
    writeMiniMnist(dir);
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([3], Uint8Array.of(1, 2, 3)));
    const error = await loadDataset('mnist', { dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as Error).message).toBe(
      `${join(dir, 't10k-labels-idx1-ubyte')} has 3 labels but ${join(dir, 't10k-images-idx3-ubyte')} has 4 images`,
    );
  });

  it('lists every dataset with sizes and local availability', () => {
    const listRoot = join(root, 'list-root');
    writeMiniMnist(join(listRoot, 'mnist'));
    const list = listDatasets({ dataRoot: listRoot });
    expect(list.map((d) => d.name)).toEqual(['mnist-10k', 'mnist', 'fashion-mnist', 'cifar10']);
    const byName = Object.fromEntries(list.map((d) => [d.name, d])) as Record<DatasetName, (typeof list)[number]>;
    expect(byName['mnist-10k']).toMatchObject({ available: true, trainCount: 8000, testCount: 2000, downloadable: false });
    expect(byName.mnist).toMatchObject({ available: true, location: join(listRoot, 'mnist'), trainCount: 60000 });
    expect(byName.cifar10).toMatchObject({
      available: false,
      location: null,
      trainCount: 50000,
      testCount: 10000,
      shape: { height: 32, width: 32, channels: 3 },
      downloadable: true,
    });
    expect(byName['fashion-mnist'].classNames[9]).toBe('Ankle boot');
    for (const info of list) expect(info.description.length).toBeGreaterThan(20);
  });

  it('rejects unknown names coming from untyped input', async () => {
    await expect(loadDataset('svhn' as DatasetName)).rejects.toThrow(
      "Unknown dataset 'svhn'; known: mnist-10k, mnist, fashion-mnist, cifar10",
    );
  });
});
