import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type DbClient = PrismaClient;

/**
 * Prisma over node-postgres. No statementNameGenerator on purpose: adapter-pg then sends unnamed statements,
 * which the embedded server needs (its connections share one session, so named statements would collide).
 */
/** A statement still running after this is cancelled by the server: one slow query cannot hold a connection for ever. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

export function createPrismaClient(url: string, options: { readonly poolMax?: number; readonly statementTimeoutMs?: number } = {}): DbClient {
  const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: options.poolMax ?? 10, ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}) }),
  });
}
