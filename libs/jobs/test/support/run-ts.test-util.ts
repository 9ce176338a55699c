import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { REGISTER_TYPESCRIPT } from '@hsic/testing';

/** Forks a TypeScript file of this workspace as a child process (with an IPC channel). */
export function forkTs(file: string, args: string[], options: ForkOptions = {}): ChildProcess {
  return fork(file, args, { ...options, execArgv: ['--import', REGISTER_TYPESCRIPT] });
}
