import type { HttpRequest as Request, HttpResponse as Response, NextFunction } from './http-types.js';

interface BodyParserError {
  readonly status?: number;
  readonly type?: string;
  readonly limit?: number;
  readonly message?: string;
}

/**
 * Errors of the JSON body parser (it runs before any route): too large → 413 naming the limit, malformed
 * → 400. Serving routes answer in their `{ error, code }` shape, others (GraphQL) in GraphQL's error shape.
 */
export function bodyErrors() {
  return (error: BodyParserError, req: Request, res: Response, next: NextFunction): void => {
    if (!error || typeof error.status !== 'number' || error.status < 400 || error.status >= 500) return next(error);
    const message =
      error.type === 'entity.too.large'
        ? `the request body is larger than ${error.limit} bytes, the limit`
        : error.type === 'entity.parse.failed'
          ? 'the request body is not valid JSON'
          : (error.message ?? 'bad request body');
    const code = error.status === 413 ? 'payload_too_large' : error.status === 415 ? 'unsupported_media_type' : 'invalid_request';
    if (req.path.startsWith('/v1/')) res.status(error.status).json({ error: message, code });
    else res.status(error.status).json({ errors: [{ message, extensions: { code: error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } }] });
  };
}
