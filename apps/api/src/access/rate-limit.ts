import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Health probes are never limited: a load balancer must always learn whether the process works. */
const UNLIMITED = /^\/v2\/health\//;

/**
 * Requests per second per client, in this process: a client is its API key (the same key from many
 * addresses is one client) or, without a key, its address. Past the limit: 429 with Retry-After.
 */
export class ClientRateLimit {
  private readonly limiter: RateLimiterMemory | null;

  constructor(readonly perSecond: number) {
    this.limiter = perSecond > 0 ? new RateLimiterMemory({ points: perSecond, duration: 1 }) : null;
  }

  /** Whether the request may go on; when not, it has answered 429. */
  async allow(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (!this.limiter || UNLIMITED.test(path)) return true;
    try {
      await this.limiter.consume(clientOf(req));
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      const message = `too many requests from this client: at most ${this.perSecond} a second (HSIC_RATE_LIMIT_PER_SECOND); retry in ${retryAfter} s`;
      res.statusCode = 429;
      res.setHeader('Retry-After', String(retryAfter));
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      // GraphQL clients read `errors`; REST clients the serving error shape.
      res.end(JSON.stringify(path.startsWith('/graphql') ? { errors: [{ message, extensions: { code: 'RATE_LIMITED', retryAfter } }] } : { error: message, code: 'rate_limited' }));
      return false;
    }
  }
}

function clientOf(req: IncomingMessage): string {
  const authorization = req.headers.authorization;
  if (authorization) return `key:${createHash('sha256').update(authorization).digest('base64url').slice(0, 22)}`;
  return `address:${req.socket.remoteAddress ?? 'unknown'}`;
}
