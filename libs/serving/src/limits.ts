import { availableParallelism } from 'node:os';

/**
 * Request limits of the serving core. The core checks counts (and image sizes, as a backstop);
 * the HTTP layer must enforce the byte limits before buffering a body or an upload.
 */
export interface ServingLimits {
  /** Inputs per :predict request. */
  readonly maxInstances: number;
  /** Files per :classify request. */
  readonly maxImages: number;
  /** Bytes per uploaded image (multer `limits.fileSize`). */
  readonly maxImageBytes: number;
  /** Bytes of a JSON :predict body (express.json `limit`). 256 × 784 numbers as text is about 4 MB. */
  readonly maxJsonBodyBytes: number;
  /**
   * :predict and :classify requests the server holds at once (decoding, waiting for a model or a batch);
   * beyond it a request is answered 503 with Retry-After instead of growing the queue.
   */
  readonly maxPendingRequests: number;
  /** Images decoded at the same time in the whole process (each decode holds one image's pixels). */
  readonly maxConcurrentDecodes: number;
}

export const DEFAULT_SERVING_LIMITS: ServingLimits = {
  maxInstances: 256,
  maxImages: 32,
  maxImageBytes: 10 * 1024 * 1024,
  maxJsonBodyBytes: 16 * 1024 * 1024,
  maxPendingRequests: 512,
  // sharp decodes on libuv's thread pool: more at once than cores only queues there, holding their bytes.
  maxConcurrentDecodes: Math.max(2, availableParallelism()),
};

export function servingLimits(overrides: Partial<ServingLimits> = {}): ServingLimits {
  const limits = { ...DEFAULT_SERVING_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`serving limit ${key} must be a positive integer, got ${value}`);
  }
  return limits;
}
