import { loadDataset } from '@hsic/data';
import sharp from 'sharp';

export interface LabelledImage {
  readonly filename: string;
  readonly png: Buffer;
  readonly label: number;
}

/** The first `count` digits of the mnist-10k test split (never trained on), rendered to 28×28 grayscale PNGs. */
export async function mnistTestPngs(count: number): Promise<LabelledImage[]> {
  const { test } = await loadDataset('mnist-10k', { limitTrain: 1, limitTest: count });
  const size = test.shape.height * test.shape.width;
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const pixels = Uint8Array.from(test.images.subarray(i * size, (i + 1) * size), (v) => Math.round(v * 255));
      const png = await sharp(pixels, { raw: { width: test.shape.width, height: test.shape.height, channels: 1 } }).png().toBuffer();
      return { filename: `test-${i}.png`, png, label: test.labels[i] };
    }),
  );
}

/** The same digit as numbers in [0, 1], flat (a :predict instance). */
export async function mnistTestInstance(index: number): Promise<{ values: number[]; label: number }> {
  const { test } = await loadDataset('mnist-10k', { limitTrain: 1, limitTest: index + 1 });
  const size = test.shape.height * test.shape.width;
  return { values: Array.from(test.images.subarray(index * size, (index + 1) * size)), label: test.labels[index] };
}
