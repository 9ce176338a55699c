import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ApiMetrics } from '../observability/api-metrics.js';
import { allowCorsOrigin } from './cors.js';
import { routeLabel } from './route-label.js';

/** A route answered on the bare HTTP server, before Express and Nest see the request. */
export interface HotRoute {
  /** Whether this route takes the request; `path` is the URL without its query string. */
  matches(req: IncomingMessage, path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, path: string): void;
}

/**
 * Puts `routes` in front of the application on `server`: a request one of them matches is answered there
 * (and counted in the HTTP metrics like any other); every other request goes to the application (Express
 * with Nest) as before. For the few routes where Express and Nest cost more than the work itself: the
 * serving benchmark measured :predict at ~2,300 predictions/s through Express and ~5,000–6,000 here.
 */
export interface HotRouteOptions {
  readonly corsOrigins?: readonly string[];
  /** Whether the caller may use the route; when not, it has answered (401/403). May answer synchronously. */
  readonly allow?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

export function installHotRoutes(server: Server, app: RequestListener, metrics: ApiMetrics, routes: readonly HotRoute[], options: HotRouteOptions = {}): void {
  const listeners = server.listeners('request') as RequestListener[];
  if (!listeners.includes(app)) throw new Error('the application is not a request listener of this server');
  const dispatch: RequestListener = (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const route = routes.find((r) => r.matches(req, path));
    if (!route) return app(req, res);
    const started = process.hrtime.bigint();
    res.once('finish', () => metrics.observeRequest(req.method ?? 'GET', routeLabel(path), res.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
    allowCorsOrigin(req, res, options.corsOrigins ?? []);
    const allowed = options.allow?.(req, res) ?? true;
    if (allowed === true) return route.handle(req, res, path);
    if (allowed === false) return;
    allowed.then(
      (ok) => ok && route.handle(req, res, path),
      () => {
        res.statusCode = 500;
        res.end();
      },
    );
  };
  // Other listeners (Apollo's drain plugin tracks requests) stay, in their order.
  server.removeAllListeners('request');
  for (const listener of listeners) server.on('request', listener === app ? dispatch : listener);
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
