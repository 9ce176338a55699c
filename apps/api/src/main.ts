#!/usr/bin/env node
// HSIC Studio API process. HSIC_ROLE: all (default; API + one worker child on the same database), api, worker.
import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { loadApiEnv } from './config/api-env.js';
import { runApiProcess, workerEntry } from './runtime/run-api-process.js';

async function main(): Promise<void> {
  const env = loadApiEnv();
  if (env.HSIC_ROLE === 'worker') {
    await import(pathToFileURL(workerEntry()).href); // the worker's own entry runs it
    return;
  }
  await runApiProcess(env, { withWorker: env.HSIC_ROLE === 'all' });
}

main().catch((error: unknown) => {
  process.stderr.write(`hsic api: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.HSIC_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
