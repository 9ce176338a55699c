import { takeFirst, type DatasetSplit } from '@hsic/data';
import { tf, type Tensor2D } from '../tf.js';
import type { ResconvArchitecture } from '../model/architecture.js';
import { HsicNetwork } from '../model/network.js';
import { Readout } from '../model/readout.js';
import { trainBackprop } from '../train/backprop-trainer.js';
import { sigmasOf, type TrainingConfig } from '../train/config.js';
import { trainHsic } from '../train/hsic-trainer.js';
import { architectureFor } from '../train/pipeline.js';
import { hsicBatchFlops } from './flop-model.js';

export interface BenchmarkOptions {
  readonly config: TrainingConfig;
  readonly data: DatasetSplit;
  readonly backend: string;
  /** Limit each epoch to this many training samples (default: the whole training set). */
  readonly samples?: number;
  /** HSIC epochs to time; epochs after the first reuse cached batch targets. */
  readonly hsicEpochs?: number;
  readonly onProgress?: (line: string) => void;
}

export interface BenchmarkReport {
  readonly backend: string;
  readonly dataset: string;
  readonly samples: number;
  readonly hsicBatchSize: number;
  readonly backpropBatchSize: number;
  readonly blocks: number;
  readonly hsicEpochSeconds: readonly number[];
  readonly backpropEpochSeconds: number;
  /** First HSIC epoch over the backprop epoch, both on the same net and data. */
  readonly hsicToBackpropRatio: number;
  readonly hsicSamplesPerSecond: number;
  readonly backpropSamplesPerSecond: number;
  /** Matmul flops of one full HSIC epoch (first epoch, targets included) per second. */
  readonly hsicGflopsPerSecond: number;
  /**
   * The machine's anchor, measured in the same run: a batch-sized square matmul with a fresh right
   * operand each time, as the step's A·λM is. Epoch times only compare across machines through it.
   */
  readonly matmulGflopsPerSecond: number;
  /** Conv nets: the residual block's convolution at the HSIC batch size, forward and filter gradient, in GFLOP/s. */
  readonly conv: { readonly shape: string; readonly forwardGflopsPerSecond: number; readonly filterGradientGflopsPerSecond: number } | null;
}

/** GFLOP/s of n×n by n×n products on the current backend, median of `repeats` timed calls. */
export function measureMatmulRate(n: number, repeats = 15): number {
  const a = tf.randomUniform([n, n]) as Tensor2D;
  const times: number[] = [];
  try {
    for (let k = 0; k < repeats + 3; k++) {
      const b = tf.randomUniform([n, n]) as Tensor2D;
      const start = performance.now();
      const product = tf.matMul(a, b);
      product.dataSync();
      const elapsed = performance.now() - start;
      tf.dispose([b, product]);
      if (k >= 3) times.push(elapsed);
    }
  } finally {
    a.dispose();
  }
  times.sort((x, y) => x - y);
  return (2 * n ** 3) / (times[Math.floor(times.length / 2)] / 1000) / 1e9;
}

function medianMs(fn: () => tf.Tensor, repeats: number): number {
  const times: number[] = [];
  for (let k = 0; k < repeats + 1; k++) {
    const start = performance.now();
    const out = fn();
    out.dataSync();
    const elapsed = performance.now() - start;
    out.dispose();
    if (k >= 1) times.push(elapsed);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)];
}

/** GFLOP/s of the residual block's 5×5 'same' convolution over m images, forward and filter gradient (its kernel). */
export function measureConvRates(architecture: ResconvArchitecture, m: number, repeats = 5): NonNullable<BenchmarkReport['conv']> {
  const side = (n: number) => Math.floor((n - 5) / 2) + 1;
  const [height, width] = [side(architecture.inputShape[0]), side(architecture.inputShape[1])];
  const c = architecture.channels;
  const x = tf.randomUniform([m, height, width, c]) as tf.Tensor4D;
  const dy = tf.randomUniform([m, height, width, c]) as tf.Tensor4D;
  const filter = tf.randomUniform([5, 5, c, c]) as tf.Tensor4D;
  try {
    const flops = 2 * m * height * width * c * 25 * c;
    const forward = medianMs(() => tf.conv2d(x, filter, 1, 'same'), repeats);
    const gradient = medianMs(
      () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [5, 5, c, c] }) as tf.Tensor,
      repeats,
    );
    return {
      shape: `[${m},${height},${width},${c}]*[5,5,${c},${c}]`,
      forwardGflopsPerSecond: flops / (forward / 1000) / 1e9,
      filterGradientGflopsPerSecond: flops / (gradient / 1000) / 1e9,
    };
  } finally {
    tf.dispose([x, dy, filter]);
  }
}

/** Times HSIC and backprop epochs of the config's net on the same data, in one process. */
export async function benchmarkHsic(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const { config, backend } = options;
  const hsic = config.hsic;
  const backprop = config.backprop;
  if (!hsic || !backprop) throw new Error('the benchmark needs a config with hsic and backprop sections');
  const train = options.samples ? takeFirst(options.data.train, options.samples) : options.data.train;
  const test = takeFirst(options.data.test, Math.min(1000, options.data.test.count));
  const architecture = architectureFor(config, options.data);
  const hsicEpochs = options.hsicEpochs ?? 1;

  const net = HsicNetwork.create(architecture, config.seed);
  const hsicRun = await trainHsic(net, train, {
    settings: { ...hsic, epochs: hsicEpochs }, sigma: sigmasOf(hsic)[0], classes: architecture.classes, seed: config.seed,
    shuffle: false, backend,
    listener: (e) => (e.kind === 'epoch' ? options.onProgress?.(`hsic epoch ${e.epoch}: ${e.seconds.toFixed(2)} s`) : undefined),
  });
  net.dispose();

  const baselineNet = HsicNetwork.create(architecture, config.seed);
  const readout = new Readout(baselineNet.outputSize, architecture.classes, config.seed + 1, architecture.init);
  const backpropRun = await trainBackprop(baselineNet, readout, train, test, {
    settings: { ...backprop, epochs: 1, monitorEvery: 0 }, classes: architecture.classes, seed: config.seed, shuffle: false, backend,
  });
  baselineNet.dispose();
  readout.dispose();

  const hsicEpochSeconds = hsicRun.epochs.map((e) => e.seconds);
  const backpropEpochSeconds = backpropRun.epochs.find((e) => e.epoch === 1)?.seconds ?? Number.NaN;
  options.onProgress?.(`backprop epoch 1: ${backpropEpochSeconds.toFixed(2)} s`);
  let flops = 0;
  for (let start = 0; start < train.count; start += hsic.batchSize) {
    flops += hsicBatchFlops(architecture, Math.min(hsic.batchSize, train.count - start), hsic, true);
  }
  return {
    backend,
    dataset: options.data.name,
    samples: train.count,
    hsicBatchSize: hsic.batchSize,
    backpropBatchSize: backprop.batchSize,
    blocks: net.blocks.length,
    hsicEpochSeconds,
    backpropEpochSeconds,
    hsicToBackpropRatio: hsicEpochSeconds[0] / backpropEpochSeconds,
    hsicSamplesPerSecond: train.count / hsicEpochSeconds[0],
    backpropSamplesPerSecond: train.count / backpropEpochSeconds,
    hsicGflopsPerSecond: flops / hsicEpochSeconds[0] / 1e9,
    matmulGflopsPerSecond: measureMatmulRate(hsic.batchSize),
    conv: architecture.kind === 'resconv' ? measureConvRates(architecture, hsic.batchSize) : null,
  };
}
