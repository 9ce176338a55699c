import type { Db } from '../client/transactions.js';
import { AttemptFencedError, type AttemptFence } from '../errors.js';
import { Prisma } from '../generated/prisma/client.js';

/** The run row as long as the fence's attempt owns it (for updateMany's `where`). */
export const ownedRun = (fence: AttemptFence) => ({ id: fence.runId, status: 'RUNNING' as const, attempts: fence.attempt, workerId: fence.workerId });

/**
 * SQL condition for one statement's writes: true while the attempt owns the run. FOR SHARE makes a concurrent
 * start of another attempt wait for the statement (or the statement for it, and then see the new owner), so
 * no write of the old attempt commits after the new attempt has started.
 */
export const ownsRunSql = (fence: AttemptFence): Prisma.Sql => Prisma.sql`EXISTS (
  SELECT 1 FROM "TrainingRun" r
  WHERE r."id" = ${fence.runId} AND r."status" = 'RUNNING' AND r."attempts" = ${fence.attempt} AND r."workerId" = ${fence.workerId}
  FOR SHARE)`;

/** The error for a write the fence refused, naming who owns the run now. */
export async function fencedError(db: Db, fence: AttemptFence): Promise<AttemptFencedError> {
  const current = await db.trainingRun.findUnique({ where: { id: fence.runId }, select: { status: true, attempts: true, workerId: true } });
  return new AttemptFencedError(fence, current);
}
