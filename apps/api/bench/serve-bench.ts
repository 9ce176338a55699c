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
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { backendOptionsFrom, initBackend, loadBackendEnv, parseTrainingConfig } from '@hsic/engine';
import { createPgBossJobQueue } from '@hsic/jobs';
import { createRepositories } from '@hsic/persistence';
import { TrainingWorker } from '@hsic/training';
import { bearer, graphql, log, requestBodies, startBenchApi, textTable, trainThroughApi, type BenchApi } from './bench-support.js';

const GOAL = { predictionsPerSecond: 3000, p99Ms: 10 };

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

/** Trains the --preset through the API with a worker in this process; returns the registered version. */
async function trainBenchModel(api: BenchApi): Promise<number> {
  const backend = await initBackend({ ...backendOptionsFrom(loadBackendEnv(process.env)), logger: log });
  const queue = await createPgBossJobQueue({ url: api.databaseUrl, instanceName: 'bench-worker', supervise: false, pollingIntervalSeconds: 0.5 });
  const repos = createRepositories(api.database.prisma, { validateConfig: (config) => parseTrainingConfig(config) });
  const worker = await TrainingWorker.start({ repos, queue, workerId: 'bench', backend: backend.name, scheduleSyncIntervalMs: 0, orphanCheckIntervalMs: 0 });
  try {
    log(`training a model (preset ${args.preset}) ...`);
    const run = await trainThroughApi(api, { kind: 'PIPELINE', dataset: 'mnist-10k', preset: args.preset, config: { backprop: null }, modelName: 'bench' }, 300_000);
    const { model } = await graphql<{ model: { latestVersion: number } }>(api, '{ model(name: "bench") { latestVersion } }');
    log(`model 'bench' version ${model.latestVersion}: test accuracy ${((run.testAccuracy?.format ?? 0) * 100).toFixed(1)} %`);
    return model.latestVersion;
  } finally {
    await worker.stop({ drainTimeoutMs: 5_000 }); // nothing else may use the CPU while measuring
  }
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
  process.stdout.write(`\n${textTable(header, lines)}\n`);
  const predict = rows[1].result;
  const met = predict.requests.average >= GOAL.predictionsPerSecond && predict.latency.p99 <= GOAL.p99Ms;
  process.stdout.write(
    `\n:predict goal (>= ${GOAL.predictionsPerSecond} predictions/s, p99 <= ${GOAL.p99Ms} ms): ${met ? 'met' : 'MISSED'} ` +
      `(${connections} connections, ${seconds} s per route, ${predict['2xx']} predictions)\n`,
  );
}

async function main(): Promise<void> {
  const profiling = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [];
  const api = await startBenchApi({ HSIC_RATE_LIMIT_PER_SECOND: '10000000' }, profiling);
  try {
    const version = await trainBenchModel(api);
    const bodies = await requestBodies();
    const { base } = api;
    const authorization = () => bearer(api.key);
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
    await api.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`serving benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
