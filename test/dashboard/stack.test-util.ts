// The whole stack as `npm start` runs it, in a child process: the API (HSIC_ROLE=all) on the embedded
// database in a fresh folder, its worker child and its dashboard child, on free ports. Its first start
// trains and registers model 'mnist' (preset mnist-10k), as a new user's first start does.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { freePort } from '../support/free-port.test-util.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { eventually } from '@hsic/testing';

const API_ENTRY = path.resolve('apps/api/dist/main.js');

export interface Stack {
  readonly apiUrl: string;
  readonly dashboardUrl: string;
  /** Every line the stack printed (shown when a test fails). */
  readonly lines: string[];
  stop(): Promise<void>;
}

async function answers(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
}

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const dataHome = await mkdtemp(path.join(tmpdir(), 'hsic-dashboard-e2e-'));
  const [apiPort, dashboardPort] = [await freePort(), await freePort()];
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  const lines: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [API_ENTRY], {
    env: {
      ...inherited,
      HSIC_ROLE: 'all',
      PORT: String(apiPort),
      DASHBOARD_PORT: String(dashboardPort),
      HSIC_DATA_HOME: dataHome,
      HSIC_BACKEND: 'wasm',
      HSIC_METRIC_FLUSH_MS: '250',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', (line) => lines.push(line));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(dataHome, { recursive: true, force: true });
  };
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
  try {
    await eventually(() => answers(`${apiUrl}/v2/health/ready`), 60_000, 250);
    await eventually(() => answers(`${dashboardUrl}/ops`), 60_000, 250);
  } catch (error) {
    await stop();
    throw new Error(`the stack did not start: ${error instanceof Error ? error.message : String(error)}\n${lines.join('\n')}`);
  }
  return { apiUrl, dashboardUrl, lines, stop };
}

/** A second dashboard (next start) alone, pointed at `apiUrl` (e.g. an API that is down). */
export async function startDashboardOnly(apiUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = path.resolve('apps/dashboard');
  const nextCli = path.resolve('node_modules/next/dist/bin/next');
  const child = spawn(process.execPath, [nextCli, 'start', dir, '--port', String(port)], {
    cwd: dir,
    env: { ...process.env, HSIC_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await eventually(async () => {
      const response = await fetch(`${url}/ops`, { signal: AbortSignal.timeout(5_000) });
      if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
    }, 30_000, 250);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
