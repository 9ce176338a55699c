import { sendJson } from './raw-json.js';
import type { HotRoute } from './hot-routes.js';

const HELLO = { message: 'hello' };

/**
 * GET /v1/hello: the cheapest route through the stack :predict takes (a hot route), so that the serving
 * benchmark's ratio to it measures what a prediction costs on top of HTTP.
 */
export const helloRoute: HotRoute = {
  matches: (req, path) => path === '/v1/hello' && (req.method === 'GET' || req.method === 'HEAD'),
  handle: (_req, res) => sendJson(res, 200, HELLO),
};
