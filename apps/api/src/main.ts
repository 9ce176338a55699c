#!/usr/bin/env node
// HSIC Studio API process. HSIC_ROLE: all (default; API + one worker child on the same database), api, worker.
import 'reflect-metadata';
import { loadApiEnv } from './config/api-env.js';
import { startWorkerProcess } from '@hsic/training';
import { runApiProcess } from './runtime/run-api-process.js';

async function main(): Promise<void> {
  const env = loadApiEnv();
  if (env.HSIC_ROLE === 'worker') {
    startWorkerProcess();
    return;
  }
  await runApiProcess(env, { withWorker: env.HSIC_ROLE === 'all' });
}

main().catch((error: unknown) => {
  process.stderr.write(`hsic api: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.HSIC_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
