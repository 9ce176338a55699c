import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRequest, HttpResponse, NextFunction } from '../http/http-types.js';
import { accessErrorReply, type ApiAccess } from './api-access.js';

/** Paths that need what a read needs (serving, model readiness, metrics); health probes stay open. */
const READ_PATHS = /^\/(v1\/|v2\/models\/|metrics(\/|$))/;

function refuse(res: ServerResponse, reply: NonNullable<ReturnType<typeof accessErrorReply>>): void {
  res.statusCode = reply.status;
  if (reply.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(reply.body));
}

/**
 * Checks the caller before a serving or metrics request is read any further (an upload from a caller
 * without the right key is never parsed). Returns whether the request may go on; when not, it has answered.
 */
export async function allowRead(access: ApiAccess, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  try {
    await access.reader(req.headers.authorization);
    return true;
  } catch (error) {
    const reply = accessErrorReply(error);
    if (!reply) throw error;
    refuse(res, reply);
    return false;
  }
}

/** The same check as Express middleware for the routes Nest serves. */
export function restAccess(access: ApiAccess) {
  return (req: HttpRequest, res: HttpResponse, next: NextFunction): void => {
    if (!READ_PATHS.test(req.path)) return next();
    // Fast path: no header and reads are open (the common case on a trial machine).
    if (!req.headers.authorization && !access.requireKeyForReads) return next();
    allowRead(access, req, res).then((allowed) => allowed && next(), next);
  };
}
