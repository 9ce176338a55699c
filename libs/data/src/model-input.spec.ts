import { toModelInput } from './model-input.js';

const GRAY_28 = { height: 28, width: 28, channels: 1 };
const close = (actual: ArrayLike<number>, expected: number[]): void => {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 5));
};

describe('toModelInput', () => {
  it('scales an already-fitting grayscale image to [0, 1] without changing pixels', () => {
    const data = Uint8Array.from({ length: 784 }, (_, i) => i % 256);
    const out = toModelInput({ data, width: 28, height: 28, channels: 1 }, GRAY_28);
    expect(out).toHaveLength(784);
    expect(out[300]).toBeCloseTo(300 % 256 / 255, 6);
    expect(out[255]).toBe(1);
  });

  it('converts colour to gray by BT.601 luminance', () => {
    const data = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30);
    const out = toModelInput({ data, width: 4, height: 1, channels: 3 }, { height: 1, width: 4, channels: 1 });
    close(out, [0.299, 0.587, 0.114, (0.299 * 10 + 0.587 * 20 + 0.114 * 30) / 255]);
  });

  it('composites alpha over black (transparent background = MNIST background)', () => {
    const rgba = Uint8ClampedArray.of(255, 255, 255, 0, 255, 255, 255, 128, 255, 255, 255, 255);
    close(toModelInput({ data: rgba, width: 3, height: 1, channels: 4 }, { height: 1, width: 3, channels: 1 }), [0, 128 / 255, 1]);
    const grayAlpha = Uint8Array.of(200, 255, 200, 0);
    close(toModelInput({ data: grayAlpha, width: 2, height: 1, channels: 2 }, { height: 1, width: 2, channels: 1 }), [200 / 255, 0]);
  });

  it('replicates gray into RGB for colour models, in HWC order', () => {
    const out = toModelInput({ data: Uint8Array.of(0, 51), width: 2, height: 1, channels: 1 }, { height: 1, width: 2, channels: 3 });
    close(out, [0, 0, 0, 0.2, 0.2, 0.2]);
    const rgb = toModelInput({ data: Uint8Array.of(255, 0, 51), width: 1, height: 1, channels: 3 }, { height: 1, width: 1, channels: 3 });
    close(rgb, [1, 0, 0.2]);
  });

  it('shrinks by area averaging: each 2x2 block of a 56x56 image becomes its mean', () => {
    const data = new Uint8Array(56 * 56);
    for (let y = 0; y < 56; y++) for (let x = 0; x < 56; x++) data[y * 56 + x] = (x % 2) * 100 + (y % 2) * 40 + x;
    const out = toModelInput({ data, width: 56, height: 56, channels: 1 }, GRAY_28);
    // Block (by, bx) holds x = 2bx, 2bx+1 and both row parities: mean = 50 + 20 + 2bx + 0.5.
    for (const [by, bx] of [[0, 0], [5, 13], [27, 27]]) {
      expect(out[by * 28 + bx]).toBeCloseTo((70.5 + 2 * bx) / 255, 5);
    }
  });

  it('weights partial source pixels when the ratio is not an integer (3 -> 2)', () => {
    const out = toModelInput({ data: Uint8Array.of(0, 90, 180), width: 3, height: 1, channels: 1 }, { height: 1, width: 2, channels: 1 });
    close(out, [(0 + 0.5 * 90) / 1.5 / 255, (0.5 * 90 + 180) / 1.5 / 255]);
  });

  it('enlarges bilinearly with aligned pixel centres (2 -> 4)', () => {
    const out = toModelInput({ data: Uint8Array.of(0, 255), width: 2, height: 1, channels: 1 }, { height: 1, width: 4, channels: 1 });
    close(out, [0, 0.25, 0.75, 1]);
  });

  it('keeps a flat image flat through any resize, within [0, 1]', () => {
    const data = new Uint8Array(100 * 37 * 3).fill(255);
    for (const target of [GRAY_28, { height: 32, width: 32, channels: 3 }, { height: 150, width: 7, channels: 1 }]) {
      const out = toModelInput({ data, width: 100, height: 37, channels: 3 }, target);
      expect(out).toHaveLength(target.height * target.width * target.channels);
      expect(Math.min(...out)).toBeCloseTo(1, 6);
      expect(Math.max(...out)).toBeLessThanOrEqual(1);
    }
  });

  it('rejects inconsistent input', () => {
    expect(() => toModelInput({ data: new Uint8Array(10), width: 2, height: 2, channels: 3 }, GRAY_28)).toThrow(
      'toModelInput: 2x2x3 needs 12 bytes, got 10',
    );
    expect(() => toModelInput({ data: new Uint8Array(5), width: 1, height: 1, channels: 5 }, GRAY_28)).toThrow(
      'channels must be 1, 2, 3 or 4, got 5',
    );
    expect(() => toModelInput({ data: new Uint8Array(1), width: 1, height: 1, channels: 1 }, { height: 28, width: 28, channels: 2 })).toThrow(
      'target channels must be 1 or 3, got 2',
    );
  });
});
