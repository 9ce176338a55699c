import type { ImageSet } from './dataset-types.js';
import { DataFormatError } from './errors.js';
import { createImageSet } from './image-set.js';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, readIdx } from './idx-reader.js';

/**
 * Reads a pair of IDX files (n x rows x cols images, n labels) into a single-channel
 * ImageSet scaled to [0, 1]. `limit` avoids allocating floats for images that would be
 * dropped anyway (60k Fashion-MNIST images are 188 MB as float32).
 */
export async function readIdxImageSet(
  imagesPath: string,
  labelsPath: string,
  classNames: readonly string[],
  limit?: number,
): Promise<ImageSet> {
  const [images, labels] = await Promise.all([
    readIdx(imagesPath, { expectedMagic: IDX_IMAGES_MAGIC }),
    readIdx(labelsPath, { expectedMagic: IDX_LABELS_MAGIC }),
  ]);
  const [n, height, width] = images.dims;
  if (labels.dims[0] !== n) {
    throw new DataFormatError(
      `${labelsPath} has ${labels.dims[0]} labels but ${imagesPath} has ${n} images`,
      labelsPath,
    );
  }
  const count = limit === undefined ? n : Math.min(n, limit);
  const size = height * width;
  const pixels = new Float32Array(count * size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / 255;
  return createImageSet({
    images: pixels,
    labels: labels.data.slice(0, count),
    shape: { height, width, channels: 1 },
    classNames,
  });
}
