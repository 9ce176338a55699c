// Serving benchmark (not a test): npm run bench:serve [-- --seconds 10 --connections 16 --preset smoke --profile DIR]
//
// Starts the API as its own process (HSIC_ROLE=api) on a fresh embedded database that it owns, as `npm start`
// does (or on DATABASE_URL), trains a preset ('smoke' by default: a 784-32-32 MLP; 'mnist-10k': 784-128×7) through GraphQL with a training worker in this process and registers it as
// model 'bench', stops the worker, then drives three routes with autocannon, one after the other:
//   GET  /v1/hello                         the anchor: the same stack with nothing to do
//   POST /v1/models/bench:predict          one 784-value instance per request (JSON)
//   POST /v1/models/bench:classify         one 28x28 PNG per request (multipart)
// and prints requests/s, p50/p99 latency, predictions/s and each route's ratio to the anchor. Keys are on: the
// API requires a key for reads (HSIC_REQUIRE_KEY_FOR_READS=true) and every request carries one. The per-client
// rate limiter runs too, with a limit too high to refuse anything (its cost is measured, not its refusals).
// --profile DIR writes a V8 CPU profile of the API process to DIR (open it in Chrome DevTools).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import sharp from 'sharp';
import { loadDataset } from '@hsic/data';
import { initBackend, parseTrainingConfig } from '@hsic/engine';
import { createPgBossJobQueue } from '@hsic/jobs';
import { createRepositories, openDatabase } from '@hsic/persistence';
import { TrainingWorker } from '@hsic/training';
import { issueApiKey } from '@hsic/access';

const GOAL = { predictionsPerSecond: 3000, p99Ms: 10 };
const here = path.dirname(fileURLToPath(import.meta.url));
const apiEntry = path.resolve(here, '../../dist/main.js');
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    preset: { type: 'string', default: 'smoke' },
    profile: { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const connections = Number(args.connections);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` until it returns a value; a check that throws an Error (not a failed fetch) stops the wait. */
async function waitUntil<T>(what: string, check: () => Promise<T | null>, timeoutMs: number): Promise<T> {
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

/** The benchmark's key (ADMIN): the API runs with keys required for reads, and every request carries it. */
let benchKey = '';
const authorization = () => ({ authorization: `Bearer ${benchKey}` });

async function graphql<T>(base: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...authorization() }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Trains the --preset through the API with a worker in this process; returns the registered version. */
async function trainBenchModel(base: string, databaseUrl: string, database: Awaited<ReturnType<typeof openDatabase>>): Promise<number> {
  const backend = await initBackend({ logger: log });
  const queue = await createPgBossJobQueue({ url: databaseUrl, instanceName: 'bench-worker', supervise: false, pollingIntervalSeconds: 0.5 });
  const repos = createRepositories(database.prisma, { validateConfig: (config) => parseTrainingConfig(config) });
  const worker = await TrainingWorker.start({ repos, queue, workerId: 'bench', backend: backend.name, scheduleSyncIntervalMs: 0, orphanCheckIntervalMs: 0 });
  try {
    const input = { kind: 'PIPELINE', dataset: 'mnist-10k', preset: args.preset, config: { backprop: null }, modelName: 'bench' };
    const { startRun } = await graphql<{ startRun: { id: string } }>(base, 'mutation($input: StartRunInput!) { startRun(input: $input) { id } }', { input });
    log(`training run ${startRun.id} (preset ${args.preset}) ...`);
    const run = await waitUntil(
      'training',
      async () => {
        const { run } = await graphql<{ run: { status: string; failureReason: string | null; testAccuracy: { format: number } | null } }>(
          base,
          'query($id: ID!) { run(id: $id) { status failureReason testAccuracy { format } } }',
          { id: startRun.id },
        );
        return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status) ? run : null;
      },
      300_000,
    );
    if (run.status !== 'SUCCEEDED') throw new Error(`the training run ${run.status}: ${run.failureReason}`);
    const { model } = await graphql<{ model: { latestVersion: number } }>(base, '{ model(name: "bench") { latestVersion } }');
    log(`model 'bench' version ${model.latestVersion}: test accuracy ${((run.testAccuracy?.format ?? 0) * 100).toFixed(1)} %`);
    return model.latestVersion;
  } finally {
    await worker.stop({ drainTimeoutMs: 5_000 }); // nothing else may use the CPU while measuring
  }
}

async function requestBodies(): Promise<{ predict: string; classify: { body: Buffer; contentType: string } }> {
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

interface Row {
  readonly route: string;
  readonly result: Result;
}

function report(rows: readonly Row[]): void {
  const anchor = rows[0].result.requests.average;
  const header = ['route', 'req/s', 'p50 ms', 'p99 ms', 'predictions/s', 'vs hello', 'errors/non-2xx'];
  const lines = rows.map(({ route, result }) => [
    route,
    result.requests.average.toFixed(0),
    result.latency.p50.toFixed(1),
    result.latency.p99.toFixed(1),
    route.includes('hello') ? '-' : result.requests.average.toFixed(0),
    `${((result.requests.average / anchor) * 100).toFixed(0)} %`,
    `${result.errors + result.timeouts}/${result.non2xx}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\n${format(header)}\n${lines.map(format).join('\n')}\n`);
  const predict = rows[1].result;
  const met = predict.requests.average >= GOAL.predictionsPerSecond && predict.latency.p99 <= GOAL.p99Ms;
  process.stdout.write(
    `\n:predict goal (>= ${GOAL.predictionsPerSecond} predictions/s, p99 <= ${GOAL.p99Ms} ms): ${met ? 'met' : 'MISSED'} ` +
      `(${connections} connections, ${seconds} s per route, ${predict['2xx']} predictions)\n`,
  );
}

/**
 * Where the API's database is: DATABASE_URL when set, else an embedded one on a fresh data folder that the
 * API process starts and owns (on a port chosen here, so that this process's worker can reach it too).
 */
async function databaseFor(): Promise<{ apiEnv: NodeJS.ProcessEnv; url: string; dataHome: string | null }> {
  const external = process.env.DATABASE_URL;
  if (external) return { apiEnv: { DATABASE_URL: external }, url: external, dataHome: null };
  const dataHome = await mkdtemp(path.join(tmpdir(), 'hsic-bench-'));
  const dbPort = await freePort();
  return {
    apiEnv: { DATABASE_URL: '', HSIC_DATA_HOME: dataHome, HSIC_EMBEDDED_DB_PORT: String(dbPort) },
    url: `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres?sslmode=disable`,
    dataHome,
  };
}

async function main(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const target = await databaseFor();
  log(target.dataHome ? `the API starts a fresh embedded database in ${target.dataHome}` : 'database: DATABASE_URL');
  let api: ChildProcess | null = null;
  let database: Awaited<ReturnType<typeof openDatabase>> | null = null;
  try {
    const profiling = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [];
    api = spawn(process.execPath, [...profiling, apiEntry], {
      env: { ...process.env, ...target.apiEnv, HSIC_ROLE: 'api', PORT: String(port), HSIC_REQUIRE_KEY_FOR_READS: 'true', HSIC_RATE_LIMIT_PER_SECOND: '10000000' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const child = api;
    await waitUntil(
      'API ready',
      async () => {
        if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode}`);
        return (await fetch(`${base}/v2/health/ready`)).ok ? true : null;
      },
      60_000,
    );
    database = await openDatabase({ databaseUrl: target.url, migrate: false });
    benchKey = (await issueApiKey(createRepositories(database.prisma).apiKeys, { name: `serve-bench ${process.pid} ${Date.now()}`, role: 'ADMIN', createdBy: 'serve-bench' })).secret;
    const version = await trainBenchModel(base, target.url, database);
    const bodies = await requestBodies();

    const routes = [
      { route: 'GET  /v1/hello', options: { url: `${base}/v1/hello`, headers: authorization() } },
      {
        route: 'POST /v1/models/bench:predict (1 instance)',
        options: { url: `${base}/v1/models/bench:predict`, method: 'POST' as const, headers: { 'content-type': 'application/json', ...authorization() }, body: bodies.predict },
      },
      {
        route: 'POST /v1/models/bench:classify (1 PNG)',
        options: { url: `${base}/v1/models/bench:classify`, method: 'POST' as const, headers: { 'content-type': bodies.classify.contentType, ...authorization() }, body: bodies.classify.body },
      },
    ];
    const rows: Row[] = [];
    for (const { route, options } of routes) {
      await autocannon({ ...options, connections, duration: 2 }); // warm-up: JIT, model load, connection setup
      log(`${route}: ${seconds} s at ${connections} connections`);
      rows.push({ route, result: await autocannon({ ...options, connections, duration: seconds }) });
    }
    log(`served model 'bench' version ${version}`);
    report(rows);
  } finally {
    await database?.close(); // before the API: with the embedded database, the API process is its server
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api?.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    if (target.dataHome) await rm(target.dataHome, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`serving benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
