// What the API benchmarks share: ports, waiting, the API process on a database of its own, the key every
// request carries, GraphQL calls, and the bodies of :predict and :classify requests.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { issueApiKey } from '@hsic/access';
import { loadDataset } from '@hsic/data';
import { createRepositories, openDatabase, type Database } from '@hsic/persistence';

const here = path.dirname(fileURLToPath(import.meta.url));
export const API_ENTRY = path.resolve(here, '../../dist/main.js');
export const WORKER_ENTRY = path.resolve(here, '../../../worker/dist/main.js');

export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` until it returns a value; a check that throws an Error (not a failed fetch) stops the wait. */
export async function waitUntil<T>(what: string, check: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch((error: unknown) => {
      if (error instanceof TypeError) return null; // fetch: not listening yet
      throw error;
    });
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The API under test: its address, its process, and the ADMIN key the benchmark sends with every request. */
export interface BenchApi {
  readonly base: string;
  readonly process: ChildProcess;
  /** The database the API uses (for a worker, and for this process's own reads). */
  readonly databaseUrl: string;
  readonly database: Database;
  readonly key: string;
  stop(): Promise<void>;
}

/** An API process (HSIC_ROLE=api) on `port`; resolves once /v2/health/ready answers 200. */
async function spawnApiProcess(port: number, env: NodeJS.ProcessEnv, nodeOptions: readonly string[]): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [...nodeOptions, API_ENTRY], {
    env: { ...process.env, HSIC_ROLE: 'api', PORT: String(port), HSIC_REQUIRE_KEY_FOR_READS: 'true', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    await waitUntil(
      'API ready',
      async () => {
        if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode}`);
        return (await fetch(`http://127.0.0.1:${port}/v2/health/ready`)).ok ? true : null;
      },
      60_000,
    );
    return { child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts the API as its own process (HSIC_ROLE=api) on DATABASE_URL when set, else on a fresh embedded
 * database that the API process starts and owns (on a port chosen here, so other processes can reach it).
 * Keys are on: reads need one, and `key` is an ADMIN key made for the benchmark.
 */
export async function startBenchApi(env: NodeJS.ProcessEnv, nodeOptions: readonly string[] = []): Promise<BenchApi> {
  const port = await freePort();
  const external = process.env.DATABASE_URL;
  let dataHome: string | null = null;
  let databaseUrl = external ?? '';
  const databaseEnv: NodeJS.ProcessEnv = external ? { DATABASE_URL: external } : {};
  if (!external) {
    dataHome = await mkdtemp(path.join(tmpdir(), 'hsic-bench-'));
    const dbPort = await freePort();
    Object.assign(databaseEnv, { DATABASE_URL: '', HSIC_DATA_HOME: dataHome, HSIC_EMBEDDED_DB_PORT: String(dbPort) });
    databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres?sslmode=disable`;
  }
  log(dataHome ? `the API starts a fresh embedded database in ${dataHome}` : 'database: DATABASE_URL');
  const removeDataHome = async () => {
    if (dataHome) await rm(dataHome, { recursive: true, force: true });
  };
  const started = await spawnApiProcess(port, { ...databaseEnv, ...env }, nodeOptions).catch(async (error: unknown) => {
    await removeDataHome();
    throw error;
  });
  let database: Database | null = null;
  const stop = async () => {
    await database?.close(); // before the API: with the embedded database, the API process is its server
    await started.stop();
    await removeDataHome();
  };
  try {
    database = await openDatabase({ databaseUrl, migrate: false });
    const { secret } = await issueApiKey(createRepositories(database.prisma).apiKeys, { name: `bench ${process.pid} ${Date.now()}`, role: 'ADMIN', createdBy: 'bench' });
    return { base: `http://127.0.0.1:${port}`, process: started.child, databaseUrl, database, key: secret, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A second API process on the same database, to take the serving traffic (a serving replica). */
export async function startApiReplica(api: BenchApi, env: NodeJS.ProcessEnv): Promise<Pick<BenchApi, 'base' | 'process' | 'stop'>> {
  const port = await freePort();
  const { child, stop } = await spawnApiProcess(port, { DATABASE_URL: api.databaseUrl, ...env }, []);
  return { base: `http://127.0.0.1:${port}`, process: child, stop };
}

/** Rows under a header, columns padded to their widest cell: numbers right-aligned, `leftColumns` left-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], leftColumns: readonly number[] = [0]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const format = (cells: readonly string[]) => cells.map((c, i) => (leftColumns.includes(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [header, ...rows].map(format).join('\n');
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

export async function graphql<T>(api: Pick<BenchApi, 'base' | 'key'>, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${api.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(api.key) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data;
}

interface RunState {
  readonly status: string;
  readonly failureReason: string | null;
  readonly testAccuracy: { readonly format: number | null } | null;
}

/** Starts a run through GraphQL and waits for its end; throws unless it SUCCEEDED. */
export async function trainThroughApi(api: Pick<BenchApi, 'base' | 'key'>, input: Record<string, unknown>, timeoutMs: number): Promise<{ id: string } & RunState> {
  const { startRun } = await graphql<{ startRun: { id: string } }>(api, 'mutation($input: StartRunInput!) { startRun(input: $input) { id } }', { input });
  const run = await waitUntil(
    `training run ${startRun.id}`,
    async () => {
      const { run } = await graphql<{ run: RunState }>(api, 'query($id: ID!) { run(id: $id) { status failureReason testAccuracy { format } } }', { id: startRun.id });
      return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status) ? run : null;
    },
    timeoutMs,
  );
  if (run.status !== 'SUCCEEDED') throw new Error(`the training run ${startRun.id} ${run.status}: ${run.failureReason}`);
  return { id: startRun.id, ...run };
}

/** One :predict body (one 784-value instance) and one :classify body (one 28×28 PNG), from a test digit. */
export async function requestBodies(): Promise<{ predict: string; classify: { body: Buffer; contentType: string } }> {
  const { test } = await loadDataset('mnist-10k', { limitTrain: 1, limitTest: 1 });
  const pixels = test.images.subarray(0, 784);
  const predict = JSON.stringify({ instances: [Array.from(pixels, (v) => Number(v.toFixed(4)))] });
  const png = await sharp(Uint8Array.from(pixels, (v) => Math.round(v * 255)), { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer();
  const boundary = `----hsic-bench-${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="digit.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { predict, classify: { body, contentType: `multipart/form-data; boundary=${boundary}` } };
}

/** Resident memory of a process, from /proc (Linux), in MiB; null elsewhere. */
export async function residentMegabytes(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Number(kb[1]) / 1024 : null;
  } catch {
    return null;
  }
}
