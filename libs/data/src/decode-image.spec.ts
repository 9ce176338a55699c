import sharp from 'sharp';
import { DataFormatError } from './errors.js';
import { decodeImageToModelInput, PRESHRINK_FACTOR, sniffImageFormat } from './decode-image.js';
import { toModelInput } from './model-input.js';

const target = { height: 28, width: 28, channels: 1 };

async function png(width: number, height: number, paint: (x: number, y: number) => [number, number, number]): Promise<Uint8Array> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 3);
  return new Uint8Array(await sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer());
}

describe('decodeImageToModelInput', () => {
  it('resizes a colour PNG of any size to 28×28 grayscale in [0, 1]', async () => {
    const bytes = await png(56, 84, (x) => (x < 28 ? [255, 255, 255] : [0, 0, 0]));
    const input = await decodeImageToModelInput(bytes, target, { invert: 'never' });
    expect(input).toHaveLength(784);
    expect(input[14 * 28 + 2]).toBeCloseTo(1, 2);
    expect(input[14 * 28 + 25]).toBeCloseTo(0, 2);
  });

  it('inverts dark ink on a light background when asked to guess', async () => {
    const bytes = await png(28, 28, (x, y) => (Math.abs(x - 14) < 2 && y > 4 && y < 24 ? [0, 0, 0] : [250, 250, 250]));
    const input = await decodeImageToModelInput(bytes, target);
    expect(input[0]).toBeLessThan(0.05);
    expect(input[14 * 28 + 14]).toBeGreaterThan(0.9);
  });

  it('decodes JPEG too', async () => {
    const jpeg = new Uint8Array(await sharp(Buffer.alloc(30 * 30 * 3, 200), { raw: { width: 30, height: 30, channels: 3 } }).jpeg().toBuffer());
    expect(sniffImageFormat(jpeg)).toBe('jpeg');
    await expect(decodeImageToModelInput(jpeg, target, { invert: 'never' })).resolves.toHaveLength(784);
  });

  it('refuses non-image bytes and corrupt PNGs with what was expected and what came', async () => {
    await expect(decodeImageToModelInput(new TextEncoder().encode('hello'), target, { source: 'upload #1' })).rejects.toThrow(
      /upload #1: expected a PNG or JPEG image, got 5 bytes starting with 68 65 6c 6c/,
    );
    const broken = (await png(28, 28, () => [1, 2, 3])).slice(0, 40);
    await expect(decodeImageToModelInput(broken, target)).rejects.toThrow(DataFormatError);
    await expect(decodeImageToModelInput(broken, target)).rejects.toThrow(/not a readable PNG image/);
  });
});

describe('decodeImageToModelInput on very large images', () => {
  it('shrinks a photo far larger than the target while decoding it, and gets what the exact resize gets', async () => {
    // 4,000 × 3,000: a vertical bar, white on black, a quarter of the width.
    const width = 4000;
    const height = 3000;
    const pixels = Buffer.alloc(width * height);
    for (let y = 0; y < height; y++) pixels.fill(255, y * width + 1500, y * width + 2500);
    const jpeg = new Uint8Array(await sharp(pixels, { raw: { width, height, channels: 1 } }).jpeg({ quality: 95 }).toBuffer());
    const shrunk = await decodeImageToModelInput(jpeg, target, { invert: 'never' });
    const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    const exact = toModelInput({ data, width: info.width, height: info.height, channels: info.channels }, target);
    const worst = Math.max(...Array.from(shrunk, (v, i) => Math.abs(v - exact[i])));
    expect(worst).toBeLessThan(0.06);
    expect(PRESHRINK_FACTOR * 28).toBeLessThan(width);
  });
});
