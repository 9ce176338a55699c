import type { HttpRequest as Request, HttpResponse as Response, NextFunction } from './http-types.js';
import type { ApiMetrics } from '../observability/api-metrics.js';
import { routeLabel } from './route-label.js';

/** Counts every answered request and its latency (to the last byte) by method, route pattern and status. */
export function requestMetrics(metrics: ApiMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(req.method ?? 'GET', routeLabel(req.originalUrl.split('?', 1)[0]), res.statusCode, seconds);
    });
    next();
  };
}
