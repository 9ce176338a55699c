// Public API of @hsic/contracts: zod schemas and the types inferred from them, shared by the API, the worker,
// the CLI and the dashboard. Pure: no I/O, no workspace dependencies.
export * from './json.js';
export * from './pagination.js';
export * from './training-phase.js';
export * from './run.js';
export * from './metric.js';
export * from './checkpoint.js';
export * from './dataset.js';
export * from './model-registry.js';
export * from './schedule.js';
export * from './job-payloads.js';
export * from './serving/index.js';
export * from './worker.js';
export * from './api-key.js';
export * from './errors.js';
