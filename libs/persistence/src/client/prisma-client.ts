import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type DbClient = PrismaClient;

/**
 * Prisma over node-postgres. No statementNameGenerator on purpose: adapter-pg then sends unnamed statements,
 * which the embedded server needs (its connections share one session, so named statements would collide).
 */
export function createPrismaClient(url: string, options: { readonly poolMax?: number } = {}): DbClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: options.poolMax ?? 10 }) });
}
