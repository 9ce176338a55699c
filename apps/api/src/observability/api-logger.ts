/** Where the API's processes write what they do and what went wrong (the console by default: runtime/console-logger.ts). */
export interface ApiLogger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}
