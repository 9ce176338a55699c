import { takeFirst, type DatasetSplit } from '@hsic/data';
import { tf, type Tensor2D } from '../tf.js';
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

/** Times HSIC and backprop epochs of the config's MLP on the same data, in one process. */
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
  };
}
