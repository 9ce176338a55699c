import { MNIST_SIZE, toMnistDigit, type GrayImage } from './mnist-preprocess';

/** A black canvas with a white filled rectangle. */
function canvasWith(width: number, height: number, rect: { x: number; y: number; w: number; h: number }): GrayImage {
  const pixels = new Uint8Array(width * height);
  for (let y = rect.y; y < rect.y + rect.h; y++) for (let x = rect.x; x < rect.x + rect.w; x++) pixels[y * width + x] = 255;
  return { width, height, pixels };
}

const centreOfMass = (image: GrayImage) => {
  let mass = 0;
  let cx = 0;
  let cy = 0;
  image.pixels.forEach((v, i) => {
    mass += v;
    cx += v * ((i % image.width) + 0.5);
    cy += v * (Math.floor(i / image.width) + 0.5);
  });
  return { x: cx / mass, y: cy / mass };
};

const inkBox = (image: GrayImage) => {
  const xs: number[] = [];
  const ys: number[] = [];
  image.pixels.forEach((v, i) => {
    if (v > 0) {
      xs.push(i % image.width);
      ys.push(Math.floor(i / image.width));
    }
  });
  return { w: Math.max(...xs) - Math.min(...xs) + 1, h: Math.max(...ys) - Math.min(...ys) + 1 };
};

describe('toMnistDigit', () => {
  it('scales a stroke drawn small in a corner to 20 pixels and centres its mass on the 28×28 field', () => {
    const digit = toMnistDigit(canvasWith(280, 280, { x: 10, y: 200, w: 20, h: 60 }))!;
    expect([digit.width, digit.height, digit.pixels.length]).toEqual([MNIST_SIZE, MNIST_SIZE, 784]);
    expect(inkBox(digit)).toEqual({ w: 7, h: 20 });
    const { x, y } = centreOfMass(digit);
    expect(Math.abs(x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(y - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...digit.pixels)).toBe(255);
  });

  it('keeps the aspect of a wide stroke and averages partly covered pixels', () => {
    const digit = toMnistDigit(canvasWith(100, 100, { x: 0, y: 40, w: 100, h: 3 }))!;
    expect(inkBox(digit)).toEqual({ w: 20, h: 1 });
    expect(digit.pixels.filter((v) => v > 0 && v < 255).length).toBe(0);
  });

  it('answers null for an empty canvas (nothing to classify)', () => {
    expect(toMnistDigit({ width: 10, height: 10, pixels: new Uint8Array(100).fill(20) })).toBeNull();
  });
});
