// Typed failures of the serving core. Each carries the HTTP status it maps to, so the HTTP layer
// needs one filter: `if (error instanceof ServingError) reply(error.status, error.toResponseBody())`.
import type { ServingErrorResponse } from '@hsic/contracts';

export type ServingErrorCode =
  | 'invalid_request'
  | 'invalid_path'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'model_not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'model_not_servable'
  | 'model_load_failed'
  | 'prediction_failed'
  | 'overloaded'
  | 'unavailable';

export class ServingError extends Error {
  override readonly name: string = 'ServingError';

  constructor(
    /** The HTTP status this failure answers with. */
    readonly status: number,
    /** Stable machine-readable reason, sent next to the message. */
    readonly code: ServingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** TF Serving's error body (`{"error": "..."}`) plus our code. */
  toResponseBody(): ServingErrorResponse {
    return { error: this.message, code: this.code };
  }
}

/** 400: the body or a path segment is malformed; the message names the field and what was expected. */
export class InvalidRequestError extends ServingError {
  override readonly name = 'InvalidRequestError';
  constructor(message: string, code: 'invalid_request' | 'invalid_path' = 'invalid_request') {
    super(400, code, message);
  }
}

/** 404: the path is not a serving route at all. */
export class RouteNotFoundError extends ServingError {
  override readonly name = 'RouteNotFoundError';
  constructor(message: string) {
    super(404, 'route_not_found', message);
  }
}

/** 405: the route exists but takes another method; `allow` is the value of the Allow header. */
export class MethodNotAllowedError extends ServingError {
  override readonly name = 'MethodNotAllowedError';
  constructor(
    message: string,
    readonly allow: string,
  ) {
    super(405, 'method_not_allowed', message);
  }
}

/** 404: no such model, version or label. */
export class ModelNotFoundError extends ServingError {
  override readonly name = 'ModelNotFoundError';
  constructor(
    message: string,
    readonly modelName: string,
  ) {
    super(404, 'model_not_found', message);
  }
}

/** 413: more instances or files, or larger files, than the configured limits. */
export class PayloadTooLargeError extends ServingError {
  override readonly name = 'PayloadTooLargeError';
  constructor(message: string) {
    super(413, 'payload_too_large', message);
  }
}

/** 415: an upload is not a PNG or JPEG. */
export class UnsupportedMediaTypeError extends ServingError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(message: string) {
    super(415, 'unsupported_media_type', message);
  }
}

/** 409: the version exists but cannot classify (HSIC-trained nets without a readout yet). */
export class ModelNotServableError extends ServingError {
  override readonly name = 'ModelNotServableError';
  constructor(message: string) {
    super(409, 'model_not_servable', message);
  }
}

/** 500: the stored checkpoint could not be read, verified or deserialized. */
export class ModelLoadError extends ServingError {
  override readonly name = 'ModelLoadError';
  constructor(message: string, cause?: unknown) {
    super(500, 'model_load_failed', message, { cause });
  }
}

/** 500: the forward pass failed; every request of the batch receives this. */
export class PredictionFailedError extends ServingError {
  override readonly name = 'PredictionFailedError';
  constructor(message: string, cause?: unknown) {
    super(500, 'prediction_failed', message, { cause });
  }
}

/** 503: more requests are waiting than the server takes at once; the client should retry after `retryAfterSeconds`. */
export class ServerOverloadedError extends ServingError {
  override readonly name = 'ServerOverloadedError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(503, 'overloaded', message);
  }
}

/**
 * 503: where the models come from (the registry's database) cannot be reached, and the model asked for is not
 * in memory. Worth a retry; models already loaded keep serving meanwhile.
 */
export class ModelSourceUnavailableError extends ServingError {
  override readonly name = 'ModelSourceUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    options?: { cause?: unknown },
  ) {
    super(503, 'unavailable', message, options);
  }
}
