import { createRng, type ImageSet } from '@hsic/data';

/**
 * A small learnable image set: each class lights up its own band of pixels, plus noise.
 * Built in memory so engine tests need no dataset files.
 */
export function syntheticImageSet(count: number, options: { classes?: number; side?: number; seed?: number; noise?: number } = {}): ImageSet {
  const classes = options.classes ?? 4;
  const side = options.side ?? 6;
  const noise = options.noise ?? 0.3;
  const rng = createRng(options.seed ?? 1);
  const pixels = side * side;
  const images = new Float32Array(count * pixels);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % classes;
    labels[i] = label;
    for (let p = 0; p < pixels; p++) {
      const band = Math.floor((p / pixels) * classes) === label ? 0.8 : 0.1;
      images[i * pixels + p] = Math.min(1, Math.max(0, band + noise * (rng.next() - 0.5)));
    }
  }
  return { images, labels, count, shape: { height: side, width: side, channels: 1 }, classNames: Array.from({ length: classes }, (_, c) => `class${c}`) };
}
