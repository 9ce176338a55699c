// Which errors are worth another attempt: the database or the network failed, not the run. Everything else
// (a bad config, a missing dataset, NaN in training, a bug) fails the same way again and fails the run.

const PRISMA_CODES = new Set([
  'P1001', // can't reach the database server
  'P1002', // server reached, but timed out
  'P1008', // operation timed out
  'P1017', // server closed the connection
  'P2024', // timed out fetching a connection from the pool
  'P2034', // write conflict or deadlock: retry the transaction
]);

const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionWriteConflict']);

const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * node-postgres reports a lost or refused connection with a plain Error and no code: its messages are the
 * only sign (pg and pg-pool 8).
 */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated( unexpectedly| due to connection timeout)?$/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

/** PostgreSQL SQLSTATEs: connection exceptions (08…), serialization failure, deadlock, shutdown, too many connections. */
const isTransientSqlState = (code: string): boolean =>
  code.startsWith('08') || ['40001', '40P01', '57P01', '57P02', '57P03', '53300'].includes(code);

/** True for database and network failures that another attempt may not meet. */
export function isTransientError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const fields = current as Record<string, unknown>;
    const code = typeof fields.code === 'string' ? fields.code : undefined;
    if (code && (PRISMA_CODES.has(code) || NODE_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isTransientSqlState(code)))) return true;
    if (typeof fields.kind === 'string' && ADAPTER_KINDS.has(fields.kind)) return true;
    if (current instanceof Error && PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(current.message))) return true;
    if (typeof fields.originalCode === 'string' && isTransientSqlState(fields.originalCode)) return true;
    const meta = fields.meta as Record<string, unknown> | undefined;
    pending.push(fields.cause, meta?.driverAdapterError, ...(Array.isArray(fields.errors) ? fields.errors : []));
  }
  return false;
}
