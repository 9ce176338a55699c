import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface.js';

/** The dashboard's origins when it runs beside the API on this machine (`npm start`). */
export const localDashboardOrigins = (dashboardPort: number): string[] => [`http://localhost:${dashboardPort}`, `http://127.0.0.1:${dashboardPort}`];

/** Browsers on these origins may call the API; any other origin gets no CORS headers (so the browser refuses). */
export function corsOptions(origins: readonly string[]): CorsOptions {
  return { origin: [...origins], methods: ['GET', 'POST', 'OPTIONS'], maxAge: 600 };
}

/** The same rule on the hot routes, which answer before Express (and its CORS middleware) sees the request. */
export function allowCorsOrigin(req: IncomingMessage, res: ServerResponse, origins: readonly string[]): void {
  const origin = req.headers.origin;
  if (origin && origins.includes(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
  }
}
