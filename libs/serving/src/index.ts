// @hsic/serving: the framework-agnostic prediction core of the TF-Serving-shaped REST API.
// Routes are documented in routes.ts; response bodies are the schemas in @hsic/contracts (serving).
export * from './errors.js';
export * from './model-source.js';
export { InMemoryModelSource } from './in-memory-model-source.js';
export { modelTitle, type ServableModel } from './servable-model.js';
export { DEFAULT_MAX_MODELS, ModelCache, type ModelCacheOptions } from './model-cache.js';
export {
  BatchingPredictor,
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_MAX_DELAY_MS,
  type BatchingOptions,
  type ModelInputBatch,
  type RowPrediction,
} from './batching-predictor.js';
export * from './metrics.js';
export * from './limits.js';
export { parsePredictBody } from './predict-request.js';
export { decodeUploads, IMAGE_FIELD, type ImageUpload } from './image-uploads.js';
export * from './routes.js';
export { ModelServer, type ModelServerOptions } from './model-server.js';
