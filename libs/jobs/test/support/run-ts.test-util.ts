import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REGISTER = fileURLToPath(new URL('./register-ts.mjs', import.meta.url));

/** Forks a TypeScript file of this workspace as a child process (with an IPC channel). */
export function forkTs(file: string, args: string[], options: ForkOptions = {}): ChildProcess {
  return fork(file, args, { ...options, execArgv: ['--import', REGISTER] });
}
