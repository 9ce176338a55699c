// A drawing becomes an image like the MNIST digits the models learned from: the strokes cropped to their
// bounding box, scaled so the longer side is 20 pixels, and placed on a 28×28 field with their centre of
// mass in the middle (LeCun et al.'s normalisation). Without it a digit drawn small or off-centre on the
// canvas reaches the model as something it never saw.

export const MNIST_SIZE = 28;
const DIGIT_BOX = 20;
/** Canvas pixels darker than this count as background. */
const INK_THRESHOLD = 32;

export interface GrayImage {
  readonly width: number;
  readonly height: number;
  /** One byte per pixel, 0 = black background, 255 = white ink. */
  readonly pixels: Uint8Array | Uint8ClampedArray;
}

/** The red channel of RGBA pixels (the canvas draws white on black, so every channel is the same). */
export function grayOfRgba(rgba: Uint8ClampedArray, width: number, height: number): GrayImage {
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = rgba[i * 4];
  return { width, height, pixels };
}

/** null when nothing was drawn. */
export function toMnistDigit(image: GrayImage): GrayImage | null {
  const { width, height, pixels } = image;
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[y * width + x] <= INK_THRESHOLD) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  if (right < 0) return null;
  const boxWidth = right - left + 1;
  const boxHeight = bottom - top + 1;
  const scale = DIGIT_BOX / Math.max(boxWidth, boxHeight);
  const outWidth = Math.max(1, Math.round(boxWidth * scale));
  const outHeight = Math.max(1, Math.round(boxHeight * scale));
  const digit = resampleArea(pixels, width, left, top, boxWidth, boxHeight, outWidth, outHeight);

  // Centre of mass of the scaled digit → the middle of the 28×28 field.
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const v = digit[y * outWidth + x];
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  const offsetX = Math.round(MNIST_SIZE / 2 - cx / mass);
  const offsetY = Math.round(MNIST_SIZE / 2 - cy / mass);
  const out = new Uint8Array(MNIST_SIZE * MNIST_SIZE);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const tx = x + offsetX;
      const ty = y + offsetY;
      if (tx >= 0 && tx < MNIST_SIZE && ty >= 0 && ty < MNIST_SIZE) out[ty * MNIST_SIZE + tx] = Math.round(digit[y * outWidth + x]);
    }
  }
  return { width: MNIST_SIZE, height: MNIST_SIZE, pixels: out };
}

/** Box-filter (area) resampling of a crop: every output pixel is the mean of the input area it covers. */
function resampleArea(pixels: ArrayLike<number>, stride: number, left: number, top: number, w: number, h: number, outW: number, outH: number): Float64Array {
  const out = new Float64Array(outW * outH);
  const sx = w / outW;
  const sy = h / outH;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          sum += pixels[(top + y) * stride + left + x] * wx * wy;
          area += wx * wy;
        }
      }
      out[oy * outW + ox] = area > 0 ? sum / area : 0;
    }
  }
  return out;
}
