import { tf } from '@hsic/engine';
import { PredictionFailedError, ServingError } from './errors.js';
import { NO_METRICS, type ServingMetrics } from './metrics.js';
import { modelTitle, type ServableModel } from './servable-model.js';

/** `count` inputs of one model, flat and back to back: values.length === count × model.inputSize. */
export interface ModelInputBatch {
  readonly count: number;
  readonly values: Float32Array;
}

/** Per input, in order: the winning class index and the class probabilities. */
export interface RowPrediction {
  readonly label: number;
  readonly probabilities: Float32Array;
}

export interface BatchingOptions {
  /** Rows per forward pass; a batch runs as soon as it is full. Default 256. */
  readonly maxBatchSize?: number;
  /** How long the first request of a batch waits for company. Default 2 ms. */
  readonly maxDelayMs?: number;
  readonly metrics?: ServingMetrics;
}

export const DEFAULT_MAX_BATCH_SIZE = 256;
export const DEFAULT_MAX_DELAY_MS = 2;

interface Waiting {
  readonly input: ModelInputBatch;
  readonly resolve: (rows: RowPrediction[]) => void;
  readonly reject: (error: unknown) => void;
}

interface Queue {
  readonly model: ServableModel;
  waiting: Waiting[];
  rows: number;
  timer: NodeJS.Timeout | null;
}

/**
 * Coalesces concurrent requests for the same model version into one forward pass: a batch runs
 * when it holds maxBatchSize rows or maxDelayMs after its first request, whichever comes first.
 * Requests are never split; one larger than maxBatchSize runs alone. Queues are per loaded model
 * (the caller must keep the model alive until its promise settles, as ModelCache.use does).
 */
export class BatchingPredictor {
  readonly maxBatchSize: number;
  readonly maxDelayMs: number;
  private readonly metrics: ServingMetrics;
  private readonly queues = new Map<ServableModel, Queue>();

  constructor(options: BatchingOptions = {}) {
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) throw new Error(`maxBatchSize must be a positive integer, got ${this.maxBatchSize}`);
    if (!(this.maxDelayMs >= 0)) throw new Error(`maxDelayMs must be ≥ 0, got ${this.maxDelayMs}`);
    this.metrics = options.metrics ?? NO_METRICS;
  }

  predict(model: ServableModel, input: ModelInputBatch): Promise<RowPrediction[]> {
    if (input.count < 1 || input.values.length !== input.count * model.inputSize) {
      return Promise.reject(new Error(`${modelTitle(model)}: ${input.values.length} values do not make ${input.count} inputs of ${model.inputSize}`));
    }
    return new Promise<RowPrediction[]>((resolve, reject) => {
      let queue = this.queues.get(model);
      if (queue && queue.rows + input.count > this.maxBatchSize) {
        this.flush(queue);
        queue = undefined;
      }
      if (!queue) {
        queue = { model, waiting: [], rows: 0, timer: null };
        this.queues.set(model, queue);
      }
      queue.waiting.push({ input, resolve, reject });
      queue.rows += input.count;
      if (queue.rows >= this.maxBatchSize) {
        this.flush(queue);
      } else if (!queue.timer) {
        const pending = queue;
        queue.timer = setTimeout(() => this.flush(pending), this.maxDelayMs);
      }
    });
  }

  /** Runs every waiting batch now (e.g. before shutdown). */
  flushAll(): void {
    for (const queue of [...this.queues.values()]) this.flush(queue);
  }

  private flush(queue: Queue): void {
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = null;
    if (this.queues.get(queue.model) === queue) this.queues.delete(queue.model);
    const { model, waiting, rows } = queue;
    if (waiting.length === 0) return;
    queue.waiting = [];

    const started = performance.now();
    let results: RowPrediction[];
    try {
      results = runForwardPass(model, waiting, rows);
    } catch (cause) {
      this.metrics.batchCompleted({ model: model.name, version: model.version, rows, requests: waiting.length, seconds: (performance.now() - started) / 1000, ok: false });
      const error = cause instanceof ServingError ? cause : new PredictionFailedError(`${modelTitle(model)} failed to predict: ${(cause as Error).message}`, cause);
      for (const w of waiting) w.reject(error);
      return;
    }
    this.metrics.batchCompleted({ model: model.name, version: model.version, rows, requests: waiting.length, seconds: (performance.now() - started) / 1000, ok: true });
    let offset = 0;
    for (const w of waiting) {
      w.resolve(results.slice(offset, offset + w.input.count));
      offset += w.input.count;
    }
  }
}

function runForwardPass(model: ServableModel, waiting: readonly Waiting[], rows: number): RowPrediction[] {
  const values = waiting.length === 1 ? waiting[0].input.values : concatenate(waiting, rows * model.inputSize);
  const x = tf.tensor2d(values, [rows, model.inputSize]);
  try {
    const prediction = model.classifier.predict(x);
    return prediction.probabilities.map((probabilities, i) => ({ label: prediction.labels[i], probabilities }));
  } finally {
    x.dispose();
  }
}

function concatenate(waiting: readonly Waiting[], length: number): Float32Array {
  const values = new Float32Array(length);
  let offset = 0;
  for (const w of waiting) {
    values.set(w.input.values, offset);
    offset += w.input.values.length;
  }
  return values;
}
