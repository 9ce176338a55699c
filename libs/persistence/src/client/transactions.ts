import type { Prisma } from '../generated/prisma/client.js';
import type { DbClient } from './prisma-client.js';

/** A client inside an interactive transaction: queries run in it; it cannot open another. */
export type TxClient = Prisma.TransactionClient;

/** What repositories run their queries on: the pool, or a transaction a caller opened. */
export type Db = DbClient | TxClient;

/**
 * Long enough for a run's final write (model bytes, version, alias, status) on a busy embedded database,
 * where a transaction waits for the one session; Prisma's 5 s default fails such a write half way.
 */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 120_000 } as const;

/** Clients of the transactions inTransaction opened (Prisma's transaction client is a proxy: no cheap test tells it apart). */
const transactionClients = new WeakSet<object>();

/** Whether queries on `db` run outside any transaction (on the pool). */
export const isPool = (db: Db): db is DbClient => !transactionClients.has(db);

/**
 * Runs `work` in one transaction: a new one on the pool, or the caller's when `db` is already inside one, so
 * a repository method that needs a transaction composes into a larger one (all of it commits, or none).
 */
export function inTransaction<T>(db: Db, work: (tx: TxClient) => Promise<T>): Promise<T> {
  if (!isPool(db)) return work(db);
  return db.$transaction(async (tx) => {
    transactionClients.add(tx);
    return work(tx);
  }, TRANSACTION_OPTIONS);
}
