import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { IMAGE_FIELD, MethodNotAllowedError, ServingError, type ModelServer } from '@hsic/serving';
import type { ServingErrorResponse } from '@hsic/contracts';
import type { HttpResponse as Response } from '../http/http-types.js';
import { API_LOGGER, MODEL_SERVER, type ApiLogger } from '../dependencies.js';

/** multer's error codes (kept by Nest as the exception's cause). */
function multerCode(error: HttpException): string | null {
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : null;
}

/**
 * Every failure of a serving route answers in the serving error shape `{ error, code }` with the status the
 * serving core chose; upload limits become 413 with the limit in the message. Unknown errors: 500, logged.
 */
@Catch()
export class ServingExceptionFilter implements ExceptionFilter {
  constructor(
    @Inject(MODEL_SERVER) private readonly server: ModelServer,
    @Inject(API_LOGGER) private readonly log: ApiLogger,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.answer(error);
    if (error instanceof MethodNotAllowedError) res.setHeader('Allow', error.allow);
    res.status(status).json(body);
  }

  private answer(error: unknown): [number, ServingErrorResponse] {
    if (error instanceof ServingError) return [error.status, error.toResponseBody()];
    if (error instanceof HttpException) {
      const { maxImages, maxImageBytes } = this.server.limits;
      switch (multerCode(error)) {
        case 'LIMIT_FILE_SIZE':
          return [413, { error: `an uploaded image is larger than ${maxImageBytes} bytes, the limit per image`, code: 'payload_too_large' }];
        case 'LIMIT_FILE_COUNT':
        case 'LIMIT_PART_COUNT':
          return [413, { error: `too many files: at most ${maxImages} images are accepted per request`, code: 'payload_too_large' }];
        case 'LIMIT_UNEXPECTED_FILE':
          return [400, { error: `files must be sent in the multipart field "${IMAGE_FIELD}"`, code: 'invalid_request' }];
      }
      const status = error.getStatus();
      return [status, { error: error.message, code: status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_request' }];
    }
    this.log.error('unexpected error on a serving route', error);
    return [500, { error: 'internal error', code: 'prediction_failed' }];
  }
}
