import { HttpException } from '@nestjs/common';
import type { ServingErrorResponse } from '@hsic/contracts';
import { IMAGE_FIELD, MethodNotAllowedError, ModelSourceUnavailableError, ServerOverloadedError, ServingError, type ServingLimits } from '@hsic/serving';
import type { ApiLogger } from '../observability/api-logger.js';
import type { HttpResponse } from '../http/http-types.js';

export interface ServingErrorReply {
  readonly status: number;
  readonly body: ServingErrorResponse;
  /** The Allow header of a 405. */
  readonly allow?: string;
  /** The Retry-After header (seconds) of a 503. */
  readonly retryAfter?: number;
}

/** Allow and Retry-After, as the reply asks. */
export const replyHeaders = (reply: ServingErrorReply): Record<string, string> => ({
  ...(reply.allow ? { allow: reply.allow } : {}),
  ...(reply.retryAfter !== undefined ? { 'retry-after': String(reply.retryAfter) } : {}),
});

/** multer's error code (Nest keeps multer's error as the exception's cause). */
function multerCode(error: HttpException): string | null {
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : null;
}

/**
 * Every failure of a serving route in the serving error shape `{ error, code }`: the serving core's own
 * status, upload limits as 413 naming the limit, other HTTP errors as they are; anything else is a 500
 * (logged here, never described to the client).
 */
export function servingErrorReply(error: unknown, limits: Pick<ServingLimits, 'maxImages' | 'maxImageBytes'>, log: ApiLogger): ServingErrorReply {
  if (error instanceof MethodNotAllowedError) return { status: error.status, body: error.toResponseBody(), allow: error.allow };
  if (error instanceof ServerOverloadedError || error instanceof ModelSourceUnavailableError) {
    return { status: error.status, body: error.toResponseBody(), retryAfter: error.retryAfterSeconds };
  }
  if (error instanceof ServingError) return { status: error.status, body: error.toResponseBody() };
  if (error instanceof HttpException) {
    switch (multerCode(error)) {
      case 'LIMIT_FILE_SIZE':
        return { status: 413, body: { error: `an uploaded image is larger than ${limits.maxImageBytes} bytes, the limit per image`, code: 'payload_too_large' } };
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_PART_COUNT':
        return { status: 413, body: { error: `too many files: at most ${limits.maxImages} images are accepted per request`, code: 'payload_too_large' } };
      case 'LIMIT_UNEXPECTED_FILE':
        return { status: 400, body: { error: `files must be sent in the multipart field "${IMAGE_FIELD}"`, code: 'invalid_request' } };
      case 'LIMIT_FIELD_COUNT':
      case 'LIMIT_FIELD_KEY':
      case 'LIMIT_FIELD_VALUE':
        return { status: 413, body: { error: `too many or too large form fields: send only the files, in the field "${IMAGE_FIELD}"`, code: 'payload_too_large' } };
    }
    const status = error.getStatus();
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_request';
    return { status, body: { error: error.message, code } };
  }
  log.error('unexpected error on a serving route', error);
  return { status: 500, body: { error: 'internal error', code: 'prediction_failed' } };
}

export type ServingErrorAnswer = (error: unknown, res: HttpResponse) => void;

export function servingErrorAnswer(limits: Pick<ServingLimits, 'maxImages' | 'maxImageBytes'>, log: ApiLogger): ServingErrorAnswer {
  return (error, res) => {
    const reply = servingErrorReply(error, limits, log);
    for (const [name, value] of Object.entries(replyHeaders(reply))) res.setHeader(name, value);
    res.status(reply.status).json(reply.body);
  };
}
