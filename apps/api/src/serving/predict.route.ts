import { InvalidRequestError, parseServingRoute, PayloadTooLargeError, type ModelRef, type ModelServer } from '@hsic/serving';
import type { HotRoute } from '../http/hot-routes.js';
import { BodyTooLargeError, hasJsonBody, readBody, sendJson } from '../http/raw-json.js';
import { replyHeaders, type ServingErrorReply } from './serving-errors.js';

async function parseJson(bytes: Buffer): Promise<unknown> {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new InvalidRequestError('the request body is not valid JSON');
  }
}

/**
 * POST /v1/models/{name}[/versions/{v}|/labels/{label}]:predict with a JSON body, as a hot route: the
 * serving hot path. A :predict that is not JSON goes on to ServingController, which answers 415.
 */
export function predictRoute(server: ModelServer, errorReply: (error: unknown) => ServingErrorReply): HotRoute {
  return {
    matches: (req, path) => req.method === 'POST' && path.startsWith('/v1/models/') && path.endsWith(':predict') && hasJsonBody(req),
    handle(req, res, path) {
      const fail = (error: unknown) => {
        const reply = errorReply(error instanceof BodyTooLargeError ? new PayloadTooLargeError(error.message) : error);
        sendJson(res, reply.status, reply.body, replyHeaders(reply));
      };
      let ref: ModelRef;
      try {
        ref = parseServingRoute('POST', path).ref;
      } catch (error) {
        return fail(error);
      }
      readBody(req, server.limits.maxJsonBodyBytes)
        .then(parseJson)
        .then((body) => server.predict(ref, body))
        .then((answer) => sendJson(res, 200, answer), fail);
    },
  };
}
