// Replacement for pglite-socket 0.2.17's internal QueryQueueManager. All socket connections share PGlite's
// single Postgres session, and the stock queue interleaves them one protocol message at a time, except
// inside a transaction. An extended-protocol query is several messages (Parse, Bind, Describe, Execute,
// Sync) that all work on the session's one unnamed statement, so when two connections interleave, one binds
// the other's statement ("bind message supplies 11 parameters, but prepared statement "" requires 3"). It
// happens reliably right after a transaction ends, when other connections' Parse messages have piled up.
// This queue gives a connection the session from its first extended-protocol message until its Sync, and
// for the whole of a transaction, as a real server's separate sessions would.
import type { PGlite } from '@electric-sql/pglite';

interface QueuedMessage {
  readonly handlerId: number;
  readonly message: Uint8Array;
  readonly onData: (data: Uint8Array) => void;
  readonly resolve: (resultSize: number) => void;
  readonly reject: (error: Error) => void;
}

// Frontend message types that belong to an extended-protocol batch (Parse, Bind, Describe, Execute, Close,
// Flush); Sync ends the batch. A simple Query ('Q') is complete in one message.
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
const SYNC = 'S'.charCodeAt(0);

/** The methods pglite-socket's server and handlers call on their queue. */
export class SessionQueue {
  private queue: QueuedMessage[] = [];
  private processing = false;
  /** Connection in the middle of an extended-protocol batch. */
  private batchOwner: number | null = null;
  /** Connection that ran the last message (owns the session while a transaction is open). */
  private lastHandlerId: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((queued) => {
      if (queued.handlerId !== handlerId) return true;
      queued.reject(new Error('Handler disconnected'));
      return false;
    });
    if (this.batchOwner === handlerId) this.batchOwner = null;
  }

  /** A connection that goes away inside a transaction must not leave the session in it. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.db.isInTransaction() && this.lastHandlerId === handlerId) {
      await this.db.exec('ROLLBACK');
      this.lastHandlerId = null;
    }
    if (this.batchOwner === handlerId) this.batchOwner = null;
    await this.process();
  }

  private next(): QueuedMessage | undefined {
    const owner = this.batchOwner ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
    if (owner === null) return this.queue.shift();
    const index = this.queue.findIndex((queued) => queued.handlerId === owner);
    // The owner's next message has not arrived yet: everyone else waits for it.
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let queued = this.next(); queued; queued = this.next()) {
        const type = queued.message[0];
        if (EXTENDED.has(type)) this.batchOwner = queued.handlerId;
        else if (type === SYNC && this.batchOwner === queued.handlerId) this.batchOwner = null;
        let size = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(queued.message, {
              onRawData: (data) => {
                size += data.length;
                queued.onData(data);
              },
            }),
          );
        } catch (error) {
          queued.reject(error as Error);
          continue;
        } finally {
          this.lastHandlerId = queued.handlerId;
        }
        queued.resolve(size);
      }
    } finally {
      this.processing = false;
    }
  }
}

/** Swaps the server's queue for ours; fails loudly if a pglite-socket upgrade moved the internals. */
export function installSessionQueue(server: object, db: PGlite): void {
  const internals = server as { queryQueue?: { enqueue?: unknown } };
  if (typeof internals.queryQueue?.enqueue !== 'function') {
    throw new Error('pglite-socket internals changed (no queryQueue.enqueue): re-check embedded/session-queue.ts');
  }
  (server as { queryQueue: SessionQueue }).queryQueue = new SessionQueue(db);
}
