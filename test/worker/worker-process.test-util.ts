// A real worker process (apps/worker/dist/main.js) for end-to-end tests.
import { resolve } from 'node:path';
import { NodeProcess, type ProcessExit } from '../support/node-process.test-util.js';

export const WORKER_ENTRY = resolve('apps/worker/dist/main.js');

export type WorkerExit = ProcessExit;

export class WorkerProcess extends NodeProcess {
  constructor(env: Record<string, string>) {
    super(WORKER_ENTRY, env);
  }
}
