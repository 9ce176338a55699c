import type { ImageShape } from '@hsic/data';
import { blockShapes, hsicBatchFlops } from '../bench/flop-model.js';
import type { Architecture } from '../model/architecture.js';
import { sigmasOf, type TrainingConfig } from './config.js';

/** What a run's dataset brings to the estimate (the registry's numbers; no data is loaded). */
export interface DatasetSize {
  readonly trainCount: number;
  readonly testCount: number;
  readonly shape: ImageShape;
  readonly classes: number;
}

export interface ResourceEstimate {
  /** Bytes held at the peak, by what holds them. float32 tensors throughout (4 bytes a number). */
  readonly memoryBytes: {
    readonly data: number;
    readonly parameters: number;
    readonly activations: number;
    readonly kernels: number;
    readonly total: number;
  };
  /** Matmul flops of the whole run (every phase, every epoch), the engine's own model; element-wise work not counted. */
  readonly flops: number;
}

const FLOAT = 4;
/** Weights, their gradients and a momentum buffer. */
const PARAMETER_COPIES = 3;
/** A block's output, its saved input, its gradient and BatchNorm's buffers. */
const ACTIVATION_COPIES = 4;
/** m×m float32 matrices one HSIC block step holds at once: kernel, centred kernel, A, targets, G, products. */
const KERNEL_MATRICES = 10;

function layerWidths(architecture: Architecture): number[] {
  const blocks = blockShapes(architecture);
  return [blocks[0].inputSize, ...blocks.map((b) => b.outputSize)];
}

const parameterCount = (architecture: Architecture): number => blockShapes(architecture).reduce((n, b) => n + b.parameters, 0);

/** Matmul flops of one sample forward through the net (the flop model's block shapes). */
const forwardFlopsPerSample = (architecture: Architecture): number => blockShapes(architecture).reduce((n, b) => n + b.forwardFlopsPerSample, 0);

/**
 * How much memory a run needs at its peak and how much work it is, from the config and the dataset's size
 * alone: what the API checks before a run is stored, and a worker before it trains one. A bound, not a
 * measurement: tfjs keeps a few more buffers, so budgets carry headroom (see budgetFor).
 */
export function estimateTrainingResources(config: TrainingConfig, dataset: DatasetSize): ResourceEstimate {
  const inputShape: [number, number, number] = [dataset.shape.height, dataset.shape.width, dataset.shape.channels];
  const architecture: Architecture = { ...config.model, inputShape, classes: dataset.classes } as Architecture;
  const trainCount = Math.min(config.data.limitTrain ?? dataset.trainCount, dataset.trainCount);
  const testCount = Math.min(config.data.limitTest ?? dataset.testCount, dataset.testCount);
  const pixels = inputShape[0] * inputShape[1] * inputShape[2];
  const widths = layerWidths(architecture);
  const nets = config.hsic ? sigmasOf(config.hsic).length : 1;

  const data = (trainCount + testCount) * pixels * FLOAT;
  const lastWidth = widths[widths.length - 1];
  const readout = (lastWidth * dataset.classes + dataset.classes) * PARAMETER_COPIES;
  const netParameters = parameterCount(architecture) * PARAMETER_COPIES;
  const parameters = (netParameters * nets + (config.backprop ? netParameters : 0) + readout) * FLOAT;

  const largestBatch = Math.max(config.hsic?.batchSize ?? 0, config.format?.batchSize ?? 0, config.backprop?.batchSize ?? 0, 1);
  const widthSum = widths.reduce((a, b) => a + b, 0);
  const activations = largestBatch * widthSum * ACTIVATION_COPIES * FLOAT;

  let kernels = 0;
  let flops = 0;
  if (config.hsic) {
    const m = config.hsic.batchSize;
    const batches = Math.ceil(trainCount / m);
    // The per-batch targets cached across unshuffled epochs (two m×m each), up to the cache budget.
    const cache = config.shuffle ? 0 : Math.min(batches * 2 * m * m * FLOAT, config.hsic.targetCacheMegabytes * 2 ** 20);
    kernels = KERNEL_MATRICES * m * m * FLOAT + cache;
    flops += hsicBatchFlops(architecture, m, config.hsic, true) * batches * config.hsic.epochs * nets;
  }
  const readoutFlops = (samples: number) => 2 * samples * lastWidth * dataset.classes * 3;
  if (config.format) flops += (trainCount * forwardFlopsPerSample(architecture) * nets + readoutFlops(trainCount) * config.format.epochs);
  if (config.backprop) flops += 3 * trainCount * forwardFlopsPerSample(architecture) * config.backprop.epochs;

  const total = data + parameters + activations + kernels;
  return { memoryBytes: { data, parameters, activations, kernels, total }, flops };
}

/** "2.4 GiB", "310 MiB". */
export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.max(1, Math.round(bytes / 2 ** 20))} MiB`;
}
