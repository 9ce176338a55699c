// Builders for real checkpoints the serving specs serve. Never part of the build.
import { loadDataset, type ImageSet } from '@hsic/data';
import {
  Classifier,
  deserializeClassifier,
  HsicNetwork,
  parseTrainingConfig,
  PRESETS,
  Readout,
  runPipeline,
  serializeClassifier,
  tf,
  type Architecture,
  type ReadoutKind,
} from '@hsic/engine';
import sharp from 'sharp';
import type { ServableModel } from '../servable-model.js';

export interface TrainedCheckpoints {
  /** HSIC-trained, format readout. */
  readonly format: Uint8Array;
  /** The backprop baseline of the same run: a different model of the same input. */
  readonly backprop: Uint8Array;
  /** Held-out digits (28×28×1, values in [0, 1]) to ask for predictions. */
  readonly test: ImageSet;
}

/** The 'smoke' preset on a few hundred embedded MNIST digits: a real, small, seconds-long model pair. */
export async function trainTinyMnistCheckpoints(): Promise<TrainedCheckpoints> {
  const config = parseTrainingConfig({ ...PRESETS.smoke, data: { dataset: 'mnist-10k', limitTrain: 384, limitTest: 64 }, hsic: { ...PRESETS.smoke.hsic, epochs: 1 }, format: { ...PRESETS.smoke.format, epochs: 2 }, backprop: { ...PRESETS.smoke.backprop, epochs: 2 } });
  const data = await loadDataset('mnist-10k', { limitTrain: 384, limitTest: 64 });
  const result = await runPipeline({ config, data, phases: ['hsic', 'format', 'backprop'], backend: 'wasm' });
  const format = serializeClassifier(result.hsicModel as Classifier);
  const backprop = serializeClassifier(result.backpropModel as Classifier);
  result.hsicModel?.dispose();
  result.backpropModel?.dispose();
  return { format, backprop, test: data.test };
}

export interface UntrainedOptions {
  readonly inputShape?: [number, number, number];
  readonly classes?: number;
  readonly kind?: ReadoutKind;
  /** Different seeds give different weights, hence different predictions. */
  readonly seed?: number;
}

/** A randomly initialised checkpoint of any input shape: cheap, for cache / batching / validation specs. */
export function untrainedCheckpoint(options: UntrainedOptions = {}): Uint8Array {
  const inputShape = options.inputShape ?? [4, 4, 1];
  const classes = options.classes ?? 3;
  const kind = options.kind ?? 'format';
  const seed = options.seed ?? 1;
  const architecture: Architecture = { kind: 'mlp', inputShape, hiddenWidth: 8, hiddenLayers: 0, lastWidth: 6, activation: 'relu', classes, init: 'pytorch' };
  const net = HsicNetwork.create(architecture, seed);
  const readout = kind === 'hsic' ? null : new Readout(net.outputSize, classes, seed + 1, architecture.init);
  const model = new Classifier(kind, architecture, [net], readout, Array.from({ length: classes }, (_, c) => `class-${c}`), null);
  try {
    return serializeClassifier(model);
  } finally {
    model.dispose();
  }
}

/** Row i of an image set, as the flat values a client would send. */
export function imageRow(set: ImageSet, i: number): Float32Array {
  const size = set.shape.height * set.shape.width * set.shape.channels;
  return set.images.slice(i * size, (i + 1) * size);
}

/** A grayscale PNG of one [0, 1] image, scaled up like a photo or drawing would be. */
export async function pngOfImage(values: Float32Array, side: number, scale = 3): Promise<Uint8Array> {
  const pixels = Buffer.from(Array.from(values, (v) => Math.round(v * 255)));
  const png = await sharp(pixels, { raw: { width: side, height: side, channels: 1 } }).resize(side * scale, side * scale).png().toBuffer();
  return new Uint8Array(png);
}

/** Deterministic values in [0, 1] for `count` inputs of `size`. */
export function patternInputs(count: number, size: number, seed = 1): Float32Array {
  const values = new Float32Array(count * size);
  for (let i = 0; i < values.length; i++) values[i] = ((i * 37 + seed * 101) % 97) / 96;
  return values;
}

/** A checkpoint deserialized into what the cache would hand out (the caller disposes `classifier`). */
export function servableFrom(checkpoint: Uint8Array, name = 'digits', version = 1): ServableModel {
  const { model: classifier, header } = deserializeClassifier(checkpoint);
  const [height, width, channels] = header.architecture.inputShape;
  return { name, version, checkpointSha256: 'test', classifier, header, inputShape: [height, width, channels], inputSize: height * width * channels, classNames: classifier.classNames };
}

/** What the classifier says on its own, one input at a time (the reference for batched answers). */
export function predictDirectly(classifier: Classifier, values: Float32Array, count: number): { label: number; probabilities: number[] }[] {
  const x = tf.tensor2d(values, [count, values.length / count]);
  try {
    const prediction = classifier.predict(x);
    return prediction.probabilities.map((p, i) => ({ label: prediction.labels[i], probabilities: Array.from(p) }));
  } finally {
    x.dispose();
  }
}
