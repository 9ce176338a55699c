export interface ReadinessState {
  readonly ready: boolean;
  /** Ready, but only for part of the work: the database is unreachable and the models in memory serve. */
  readonly degraded?: true;
  readonly reason?: string;
}

/**
 * Whether this process should receive traffic: the database answers, it is migrated, and it is not shutting
 * down. With the database unreachable it stays ready, degraded, while it holds models that can serve: taking
 * every replica out of rotation would stop serving too, which needs no database for a model in memory.
 */
export interface Readiness {
  check(): Promise<ReadinessState>;
  /** From SIGTERM on: not ready, so the load balancer stops sending while in-flight requests drain. */
  markDraining(): void;
}

export function createReadiness(options: {
  ping(): Promise<unknown>;
  migrated: () => boolean;
  /** Models that serve from memory (`digits v3`). */
  servingFromMemory?: () => readonly string[];
  timeoutMs?: number;
}): Readiness {
  let draining = false;
  const timeoutMs = options.timeoutMs ?? 2000;
  return {
    async check() {
      if (draining) return { ready: false, reason: 'shutting down' };
      if (!options.migrated()) return { ready: false, reason: 'database not migrated yet' };
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          options.ping(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return { ready: true };
      } catch (error) {
        const unreachable = `database unreachable: ${conciseError(error)}`;
        const inMemory = options.servingFromMemory?.() ?? [];
        if (inMemory.length === 0) return { ready: false, reason: unreachable };
        return { ready: true, degraded: true, reason: `${unreachable}; serving the models in memory only (${inMemory.join(', ')}): no training, registry or GraphQL until it is back` };
      } finally {
        clearTimeout(timer);
      }
    },
    markDraining() {
      draining = true;
    },
  };
}

/** Prisma's messages start with the invocation and end with the driver's words: keep the words. */
function conciseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const driver = /Message: `([^`]+)`/.exec(message);
  if (driver) return driver[1];
  return message.trim().split('\n').filter((line) => line.trim().length > 0).pop() ?? message;
}
