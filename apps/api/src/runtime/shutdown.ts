import type { ApiLogger } from '../observability/api-logger.js';

/**
 * SIGTERM / SIGINT: run `shutdown` once, then exit (0, or 1 when it failed). A second signal exits at once,
 * for an operator who does not want to wait for the drain.
 */
export function onShutdownSignal(log: ApiLogger, shutdown: () => Promise<void>): void {
  let shuttingDown = false;
  const handle = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      log.info(`${signal} again: exiting now`);
      process.exit(1);
    }
    shuttingDown = true;
    log.info(`${signal}: draining and shutting down`);
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
