/** Whether this process should receive traffic: the database answers, it is migrated, and it is not shutting down. */
export interface Readiness {
  check(): Promise<{ ready: boolean; reason?: string }>;
  /** From SIGTERM on: not ready, so the load balancer stops sending while in-flight requests drain. */
  markDraining(): void;
}

export function createReadiness(options: { ping(): Promise<unknown>; migrated: () => boolean; timeoutMs?: number }): Readiness {
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
        return { ready: false, reason: `database unreachable: ${error instanceof Error ? error.message : String(error)}` };
      } finally {
        clearTimeout(timer);
      }
    },
    markDraining() {
      draining = true;
    },
  };
}
