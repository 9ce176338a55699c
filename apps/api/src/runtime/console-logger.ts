import type { ApiLogger } from '../observability/api-logger.js';

/** One line per event on stdout/stderr (stack traces stay in the server log, never in answers). */
export function consoleLogger(prefix = 'api'): ApiLogger {
  const stamp = () => new Date().toISOString();
  return {
    info: (message) => process.stdout.write(`${stamp()} [${prefix}] ${message}\n`),
    error: (message, error) => {
      const detail = error instanceof Error ? (error.stack ?? error.message) : error === undefined ? '' : String(error);
      process.stderr.write(`${stamp()} [${prefix}] ERROR ${message}${detail ? `: ${detail}` : ''}\n`);
    },
  };
}

export const silentLogger: ApiLogger = { info: () => undefined, error: () => undefined };
