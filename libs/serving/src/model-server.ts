import type { ClassifyResponse, ModelMetadataResponse, ModelReadyResponse, ModelStatusResponse, PredictionBody, PredictResponse } from '@hsic/contracts';
import { BatchingPredictor, type BatchingOptions, type RowPrediction } from './batching-predictor.js';
import { decodeUploads, type ImageUpload } from './image-uploads.js';
import { ServerOverloadedError } from './errors.js';
import { servingLimits, type ServingLimits } from './limits.js';
import { Semaphore } from './semaphore.js';
import { NO_METRICS, type ServingMetrics } from './metrics.js';
import { ModelCache, notFound } from './model-cache.js';
import type { ModelRef, ModelSource } from './model-source.js';
import { parsePredictBody } from './predict-request.js';
import type { ServableModel } from './servable-model.js';

export interface ModelServerOptions {
  readonly source: ModelSource;
  /** Loaded model versions kept in memory (default 4). */
  readonly maxModels?: number;
  readonly batching?: Omit<BatchingOptions, 'metrics'>;
  readonly limits?: Partial<ServingLimits>;
  readonly metrics?: ServingMetrics;
}

/**
 * The serving core behind the REST routes (see routes.ts): one method per action, each resolving
 * the model ref afresh, returning the documented response body or throwing a ServingError.
 */
export class ModelServer {
  readonly limits: ServingLimits;
  readonly cache: ModelCache;
  readonly predictor: BatchingPredictor;
  private readonly source: ModelSource;
  private readonly decodes: Semaphore;
  private pending = 0;

  constructor(options: ModelServerOptions) {
    const metrics = options.metrics ?? NO_METRICS;
    this.source = options.source;
    this.limits = servingLimits(options.limits);
    this.cache = new ModelCache(options.source, { maxModels: options.maxModels, metrics });
    this.predictor = new BatchingPredictor({ ...options.batching, metrics });
    this.decodes = new Semaphore(this.limits.maxConcurrentDecodes);
  }

  /** POST …:predict with a parsed JSON body. */
  predict(ref: ModelRef, body: unknown): Promise<PredictResponse> {
    return this.admitted(() =>
      this.cache.use(ref, async (model) => {
        const input = parsePredictBody(body, model, this.limits);
        const rows = await this.predictor.predict(model, input);
        return { predictions: rows.map((row) => predictionBody(row, model)), model: servedModel(model) };
      }),
    );
  }

  /** POST …:classify with the uploaded files of the "images" field. */
  classify(ref: ModelRef, uploads: readonly ImageUpload[]): Promise<ClassifyResponse> {
    return this.admitted(() =>
      this.cache.use(ref, async (model) => {
        const input = await decodeUploads(uploads, model, this.limits, this.decodes);
        const rows = await this.predictor.predict(model, input);
        return { predictions: rows.map((row, i) => ({ file: uploads[i].filename, ...predictionBody(row, model) })), model: servedModel(model) };
      }),
    );
  }

  /** Requests being served now (decoding, waiting for a model or a batch, predicting). */
  get pendingRequests(): number {
    return this.pending;
  }

  /** Sheds load instead of queueing without end: past maxPendingRequests a request is refused at once. */
  private async admitted<T>(serve: () => Promise<T>): Promise<T> {
    if (this.pending >= this.limits.maxPendingRequests) {
      throw new ServerOverloadedError(`the server is busy: ${this.pending} predictions are in progress, the most it takes at once (retry in a second)`, 1);
    }
    this.pending++;
    try {
      return await serve();
    } finally {
      this.pending--;
    }
  }

  /** GET /v1/models/{name}[…]: the stored versions (or the one addressed), their labels and whether they are loaded. */
  async status(ref: ModelRef): Promise<ModelStatusResponse> {
    const description = await this.source.describe(ref.name);
    if (!description) throw await notFound(this.source, ref);
    let versions = description.versions.map((v) => v.version);
    if (ref.version !== undefined || ref.alias !== undefined) {
      const resolved = await this.cache.resolve(ref);
      versions = [resolved.version];
    }
    const loaded = new Set(this.cache.loadedVersions(ref.name));
    const labelsOf = (version: number) => Object.entries(description.aliases).filter(([, v]) => v === version).map(([alias]) => alias).sort();
    return {
      name: description.name,
      model_version_status: versions.map((version) => ({
        version: String(version),
        state: 'AVAILABLE' as const,
        status: { error_code: 'OK' as const, error_message: '' },
        loaded: loaded.has(version),
        labels: labelsOf(version),
      })),
      labels: { ...description.aliases },
    };
  }

  /**
   * GET /v2/models/{name}[/versions/{v}]/ready: whether the ref can be served now. Resolves it (from memory
   * when the source caches) and loads the version if it is not loaded, so a probe also warms the model.
   */
  ready(ref: ModelRef): Promise<ModelReadyResponse> {
    return this.cache.use(ref, (model) => ({ name: model.name, version: String(model.version), ready: true as const }));
  }

  /** The model versions in memory, which serve without asking the source. */
  loadedModels(): { readonly name: string; readonly version: number }[] {
    return this.cache.loaded();
  }

  /** GET …/metadata: loads the version to report its input shape and classes. */
  metadata(ref: ModelRef): Promise<ModelMetadataResponse> {
    return this.cache.use(ref, (model) => ({
      model_spec: { name: model.name, version: String(model.version), signature_name: 'serving_default' as const },
      metadata: {
        input: { shape: [...model.inputShape], size: model.inputSize, dtype: 'float32' as const, range: [0, 1] },
        output: { classes: model.classNames.length, class_names: [...model.classNames] },
        readout: model.header.kind,
        checkpoint_sha256: model.checkpointSha256,
        created_at: model.header.createdAt,
      },
    }));
  }

  /** Runs queued batches and drops every cached model (models still in use are disposed after their requests). */
  close(): void {
    this.predictor.flushAll();
    this.cache.clear();
  }
}

function predictionBody(row: RowPrediction, model: ServableModel): PredictionBody {
  return { label: row.label, class: model.classNames[row.label] ?? String(row.label), probabilities: Array.from(row.probabilities) };
}

function servedModel(model: ServableModel): { name: string; version: number } {
  return { name: model.name, version: model.version };
}
