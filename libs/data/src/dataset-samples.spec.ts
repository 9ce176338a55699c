import sharp from 'sharp';
import { DatasetSamples, MAX_SAMPLES_PER_REQUEST } from './dataset-samples.js';
import { loadDataset } from './dataset-registry.js';
import { createImageSet } from './image-set.js';

describe('DatasetSamples', () => {
  it('renders the test images of the embedded digits as PNGs, in test-split order, with their labels', async () => {
    const samples = new DatasetSamples();
    const got = await samples.testSamples('mnist-10k', 3, 4);
    const { test } = await loadDataset('mnist-10k', { limitTrain: 0, limitTest: 7 });
    expect(got.map((s) => s.index)).toEqual([3, 4, 5, 6]);
    expect(got.map((s) => s.label)).toEqual(Array.from(test.labels.subarray(3, 7)));
    expect(got.map((s) => s.className)).toEqual(got.map((s) => String(s.label)));
    for (const [i, sample] of got.entries()) {
      const meta = await sharp(sample.png).metadata();
      expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 28, 28, 1]);
      const data = await sharp(sample.png).extractChannel(0).raw().toBuffer();
      const expected = test.images.subarray((3 + i) * 784, (4 + i) * 784);
      expect(Math.max(...Array.from(data, (v, j) => Math.abs(v / 255 - expected[j])))).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
    }
  });

  it('loads each test split once, and stops at its end', async () => {
    let loads = 0;
    const set = createImageSet({ images: new Float32Array(3 * 4).fill(0.5), labels: Uint8Array.from([0, 1, 1]), shape: { height: 2, width: 2, channels: 1 }, classNames: ['a', 'b'] });
    const samples = new DatasetSamples(async () => {
      loads++;
      return set;
    });
    expect((await samples.testSamples('mnist-10k', 1, 10)).map((s) => [s.index, s.className])).toEqual([[1, 'b'], [2, 'b']]);
    expect(await samples.testSamples('mnist-10k', 3, 10)).toEqual([]);
    expect(loads).toBe(1);
  });

  it('refuses bounds outside what it serves, and retries a dataset that failed to load', async () => {
    let fail = true;
    const set = createImageSet({ images: new Float32Array(4), labels: Uint8Array.from([0]), shape: { height: 2, width: 2, channels: 1 }, classNames: ['a'] });
    const samples = new DatasetSamples(async () => {
      if (fail) throw new Error('not installed');
      return set;
    });
    await expect(samples.testSamples('mnist', -1, 1)).rejects.toThrow('offset must be a whole number ≥ 0, got -1');
    await expect(samples.testSamples('mnist', 0, MAX_SAMPLES_PER_REQUEST + 1)).rejects.toThrow(`limit must be a whole number from 1 to ${MAX_SAMPLES_PER_REQUEST}`);
    await expect(samples.testSamples('mnist', 0, 1)).rejects.toThrow('not installed');
    fail = false;
    expect(await samples.testSamples('mnist', 0, 1)).toHaveLength(1);
  });
});
