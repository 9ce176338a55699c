import { fileURLToPath } from 'node:url';

/**
 * `node --import <this> child.ts` runs a TypeScript file of the workspace in a child process (SWC-compiled,
 * `@hsic/<lib>` resolved to its sources): for tests that must watch a real process start and exit.
 */
export const REGISTER_TYPESCRIPT = fileURLToPath(new URL('./register-ts.mjs', import.meta.url));
