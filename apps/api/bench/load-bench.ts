// Load and soak benchmark (not a test):
//   npm run bench:load [-- --seconds 300 --scale 10 --serving-replica --profile DIR --no-training]
//
// The service under mixed load while it trains. The API runs as its own process (HSIC_ROLE=api: keys required for
// reads; the per-client rate limit raised, since one benchmark key sends everything) on a fresh embedded database
// (or DATABASE_URL), next to a worker process at the CPU priority `npm start` gives its worker (idle class).
// --serving-replica sends the :predict and :classify traffic to a second API process on the same database (the
// topology infra/README.md recommends when serving latency matters), the GraphQL reads and the subscription to
// the first. It trains a small model to serve ('load', preset smoke), then keeps a training run going (one after
// another, preset mnist-10k) and, for --seconds, sends --scale times the nominal rate of each kind of traffic,
// open loop (evenly spaced requests, each timed from when it was due: open-loop.ts):
//   POST /v1/models/load:predict   one instance per request     nominal  50/s
//   POST /v1/models/load:classify  one 28×28 PNG per request     nominal   5/s
//   POST /graphql                  the dashboard's reads          nominal   5/s  (run list, a run, models, workers: ¼ each)
//   one runProgress subscription on the run that trains           (subscribes again after its cursor if it drops)
// The nominal rates are a team's dashboards and one application calling the model. It prints the requests
// served and the answers by status per route, p50/p99, how late the load generator itself sent (its own event
// loop), each process's resident memory through the window (memory-sampler.ts), and checks the goals: no 5xx,
// :predict p99 ≤ 10 ms, memory within 10 %, and every run trained in the window stored every metric point it
// should, all of which reached the subscriber. Machine anchor: GET
// /v1/hello at 16 connections for 3 s on the same stack before the load. --profile DIR writes a V8 CPU profile of
// the API process to DIR.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { MetricPoint } from '@hsic/contracts';
import { parseTrainingConfig } from '@hsic/engine';
import { createRepositories } from '@hsic/persistence';
import { expectedMetricKeys, metricKey, phasesForRun } from '@hsic/training';
import { MemorySampler } from './memory-sampler.js';
import { openLoop, type OpenLoopRequest, type OpenLoopResult } from './open-loop.js';
import { bearer, graphql, startApiReplica, log, requestBodies, startBenchApi, textTable, trainThroughApi, waitUntil, WORKER_ENTRY, type BenchApi } from './bench-support.js';

const NOMINAL_PER_SECOND = { predict: 50, classify: 5, graphql: 5 } as const;
/** The defaults of HSIC_WORKER_NICENESS and HSIC_WORKER_CPU_PRIORITY, which `npm start` gives its worker child. */
const WORKER_NICENESS = 10;
const WORKER_CPU_PRIORITY = 'idle';
/** Per client: one key sends all the benchmark's traffic, which the default (2,000/s) would cut at the anchor. */
const BENCH_RATE_LIMIT = '10000000';
const GOAL = { predictP99Ms: 10, memoryGrowth: 0.1 };
/** Each training run of the window: the pipeline of the mnist-10k preset (8,000 training images, HSIC + format). */
const TRAINING_INPUT = { kind: 'PIPELINE', dataset: 'mnist-10k', preset: 'mnist-10k', config: { data: { limitTrain: 8000 }, backprop: null } } as const;

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    scale: { type: 'string', default: '10' },
    profile: { type: 'string' },
    'serving-replica': { type: 'boolean', default: false },
    /** --no-training: the same load with the worker idle, to see what training costs the API. */
    'no-training': { type: 'boolean', default: false },
  },
});
const seconds = Number(args.seconds);
const scale = Number(args.scale);
if (!(seconds >= 10) || !(scale > 0)) throw new Error('--seconds must be at least 10 and --scale positive');

interface TrainedRun {
  readonly id: string;
  readonly expected: number;
  readonly stored: number;
  readonly missing: number;
  readonly unexpected: number;
  /** Stored points the subscriber never received (or received with other values). */
  readonly notDelivered: number;
}

/** Keeps one training run going until `until`, checking each finished run's metric points against its config. */
async function keepTraining(api: BenchApi, until: () => boolean, following: RunFollower, onRunDone: () => void): Promise<TrainedRun[]> {
  const repos = createRepositories(api.database.prisma);
  const done: TrainedRun[] = [];
  while (!until()) {
    const { startRun } = await graphql<{ startRun: { id: string } }>(api, 'mutation($input: StartRunInput!) { startRun(input: $input) { id } }', { input: TRAINING_INPUT });
    following.follow(startRun.id);
    await waitUntil(
      `run ${startRun.id}`,
      async () => {
        const run = await repos.runs.getOrThrow(startRun.id);
        if (run.status === 'FAILED' || run.status === 'CANCELLED') throw new Error(`training run ${run.id} ${run.status}: ${run.failureReason}`);
        return run.status === 'SUCCEEDED' ? run : null;
      },
      30 * 60_000,
    );
    const run = await repos.runs.getOrThrow(startRun.id);
    const config = parseTrainingConfig(run.config);
    const expected = new Set(expectedMetricKeys(config, phasesForRun(run, config), config.data.limitTrain ?? 0));
    const stored = await repos.metrics.query(run.id);
    const storedKeys = new Set(stored.map(metricKey));
    await following.caughtUp(run.id);
    const received = following.received(run.id);
    done.push({
      id: run.id,
      expected: expected.size,
      stored: stored.length,
      missing: [...expected].filter((key) => !storedKeys.has(key)).length,
      unexpected: [...storedKeys].filter((key) => !expected.has(key)).length,
      notDelivered: stored.filter((point) => JSON.stringify(received.get(metricKey(point))) !== JSON.stringify(point)).length,
    });
    log(`run ${run.id}: ${stored.length} metric points stored of ${expected.size} expected`);
    onRunDone();
  }
  return done;
}

/** The subscriber: follows the run that trains, over runProgress, and subscribes again after its cursor if it drops. */
class RunFollower {
  private readonly points = new Map<string, Map<string, MetricPoint>>();
  private readonly ended = new Map<string, Promise<void>>();
  resubscriptions = 0;
  events = 0;
  private readonly client;

  constructor(api: BenchApi) {
    this.client = createClient({
      url: `${api.base.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: bearer(api.key),
    });
  }

  follow(runId: string): void {
    const received = new Map<string, MetricPoint>();
    this.points.set(runId, received);
    this.ended.set(runId, this.subscribe(runId, received));
  }

  received(runId: string): Map<string, MetricPoint> {
    return this.points.get(runId) ?? new Map();
  }

  /** Until the subscription of the run completed (the run ended and its last points arrived). */
  caughtUp(runId: string): Promise<void> {
    return this.ended.get(runId) ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async subscribe(runId: string, received: Map<string, MetricPoint>): Promise<void> {
    type Event = { runProgress: { cursor: string; points: MetricPoint[] } };
    const query = `subscription($runId: ID!, $after: String) { runProgress(runId: $runId, after: $after) {
      cursor points { phase net epoch batch layer nhsicX nhsicY loss accuracy trainAccuracy testAccuracy seconds samples } } }`;
    let after = '0';
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        for await (const result of this.client.iterate<Event>({ query, variables: { runId, after } })) {
          if (result.errors) throw new Error(JSON.stringify(result.errors));
          const event = (result.data as Event).runProgress;
          this.events++;
          for (const point of event.points) {
            const stored = { ...point, phase: point.phase.toLowerCase() as MetricPoint['phase'] }; // GraphQL spells the enum HSIC
            received.set(metricKey(stored), stored);
          }
          after = event.cursor;
        }
        return;
      } catch (error) {
        this.resubscriptions++;
        log(`runProgress dropped (${error instanceof Error ? error.message : JSON.stringify(error)}): subscribing again after ${after}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}

interface Route {
  readonly name: string;
  readonly perSecond: number;
  readonly request: OpenLoopRequest;
}

/** What the dashboard polls, each sent at a quarter of the GraphQL rate. */
const DASHBOARD_READS = {
  'runs list': '{ runs(first: 50) { totalCount nodes { id status kind dataset progress { phase epoch } testAccuracy { format } timings { createdAt } } } }',
  'a run': '{ runs(first: 1) { nodes { id status config attempts worker checkpoints { id epoch } } } }',
  models: '{ models { name latestVersion aliases { alias version } versions { version testAccuracy } } }',
  'workers, operations': '{ workers { id backend state currentRun { id } } operations { api { ready notReadyReason } trainingQueue { queued active } runs { status count } } }',
} as const;

function routes(api: BenchApi, servingBase: string, bodies: Awaited<ReturnType<typeof requestBodies>>): Route[] {
  const headers = bearer(api.key);
  const queries = Object.entries(DASHBOARD_READS);
  return [
    {
      name: 'POST :predict (1 instance)',
      perSecond: NOMINAL_PER_SECOND.predict * scale,
      request: { url: `${servingBase}/v1/models/load:predict`, method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: bodies.predict },
    },
    {
      name: 'POST :classify (1 PNG)',
      perSecond: NOMINAL_PER_SECOND.classify * scale,
      request: { url: `${servingBase}/v1/models/load:classify`, method: 'POST', headers: { ...headers, 'content-type': bodies.classify.contentType }, body: bodies.classify.body },
    },
    ...queries.map(([name, query]): Route => ({
      name: `POST /graphql (${name})`,
      perSecond: (NOMINAL_PER_SECOND.graphql * scale) / queries.length,
      request: { url: `${api.base}/graphql`, method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ query }) },
    })),
  ];
}

const mib = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(0)} MiB`);

const answers = (result: OpenLoopResult) => [...result.answers].map(([code, count]) => `${code}: ${count}`).join(', ');

async function main(): Promise<void> {
  const api = await startBenchApi({ HSIC_RATE_LIMIT_PER_SECOND: BENCH_RATE_LIMIT }, args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : []);
  const worker = spawn(process.execPath, [WORKER_ENTRY], {
    env: { ...process.env, DATABASE_URL: api.databaseUrl, HSIC_WORKER_ID: 'load-bench', HSIC_WORKER_CPU_PRIORITY: WORKER_CPU_PRIORITY },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // As `npm start` runs its worker child (HSIC_WORKER_NICENESS, HSIC_WORKER_CPU_PRIORITY): training yields the CPU to the API.
  if (worker.pid !== undefined) os.setPriority(worker.pid, WORKER_NICENESS);
  const follower = new RunFollower(api);
  let replica: Awaited<ReturnType<typeof startApiReplica>> | null = null;
  try {
    log('training the model to serve (preset smoke) ...');
    await trainThroughApi(api, { kind: 'PIPELINE', dataset: 'mnist-10k', preset: 'smoke', config: { backprop: null }, modelName: 'load' }, 600_000);
    const bodies = await requestBodies();
    const anchor = await autocannon({ url: `${api.base}/v1/hello`, headers: bearer(api.key), connections: 16, duration: 3 });

    replica = args['serving-replica'] ? await startApiReplica(api, { HSIC_RATE_LIMIT_PER_SECOND: BENCH_RATE_LIMIT }) : null;
    const plan = routes(api, replica?.base ?? api.base, bodies);
    await Promise.all(plan.map((route) => openLoop(route.request, route.perSecond, 3))); // warm-up
    let windowOpen = true;
    let firstRunDone: () => void = () => {};
    const firstRun = new Promise<void>((resolve) => (firstRunDone = resolve));
    const training = args['no-training'] ? Promise.resolve([]) : keepTraining(api, () => !windowOpen, follower, () => firstRunDone());
    log(`${seconds} s at ${scale}× the nominal rates: ${plan.map((r) => `${r.perSecond}/s ${r.name}`).join(', ')}, one subscription, training all along`);
    const processes = [
      { name: !process.env.DATABASE_URL ? 'API (and the embedded database)' : 'API', pid: api.process.pid },
      ...(replica ? [{ name: 'serving replica', pid: replica.process.pid }] : []),
      { name: 'worker', pid: worker.pid },
    ];
    // Resident memory every 2 s. Growth compares the median of the first fifth of the samples with that of the
    // last fifth, counted from when every code path ran once (the first run of the window trained, or 30 s
    // without training): before that, wasm heaps and caches still grow to their working size. One sample at
    // each end would measure where the garbage collector happened to be (±20 % seen on the same process).
    const windowStart = Date.now();
    const sampler = new MemorySampler(processes.map((p) => p.pid));
    const steadyFrom = (args['no-training'] ? new Promise((resolve) => setTimeout(resolve, Math.min(30_000, (seconds * 1000) / 10))) : firstRun).then(() => {
      sampler.start();
      return (Date.now() - windowStart) / 1000;
    });
    const results = await Promise.all(plan.map((route) => openLoop(route.request, route.perSecond, seconds)));
    firstRunDone(); // a window too short for a whole run: the samples start at its end (growth n/a)
    const memory = sampler.stop();
    windowOpen = false;
    log('window closed; waiting for the run in training to finish ...');
    const runs = await training;
    const memoryStartAt = await steadyFrom;

    const header = ['route', 'asked/s', 'sent', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'sent late p99 ms', 'answers'];
    const lines = plan.map((route, i) => [
      route.name,
      String(route.perSecond),
      String(results[i].sent),
      results[i].rate.toFixed(0),
      results[i].p50Ms.toFixed(1),
      results[i].p99Ms.toFixed(1),
      results[i].maxMs.toFixed(0),
      results[i].sendLagP99Ms.toFixed(1),
      answers(results[i]),
    ]);
    const sampled = memory.every((m) => m.samples >= MemorySampler.MIN_SAMPLES);
    const growths = memory.map((m) => (sampled ? m.growth : null));
    const failures = results.reduce((sum, r) => sum + [...r.answers].filter(([code]) => code.startsWith('5') || code.startsWith('no answer')).reduce((s, [, count]) => s + count, 0), 0);
    const predictP99 = results[0].p99Ms;
    const lostPoints = runs.reduce((sum, run) => sum + run.missing + run.unexpected + run.notDelivered, 0);

    const out = process.stdout;
    out.write(`\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}; anchor GET /v1/hello at 16 connections: ${anchor.requests.average.toFixed(0)} req/s, p99 ${anchor.latency.p99} ms\n`);
    out.write(`window: ${seconds} s at ${scale}× nominal (nominal: ${NOMINAL_PER_SECOND.predict} :predict, ${NOMINAL_PER_SECOND.classify} :classify, ${NOMINAL_PER_SECOND.graphql} GraphQL per second, one subscription)\n\n`);
    out.write(`${textTable(header, lines, [0, header.length - 1])}\n\n`);
    out.write(`subscription: ${follower.events} events, ${follower.resubscriptions} resubscriptions\n`);
    const percent = (value: number | null) => (value === null ? '' : ` (${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} %)`);
    out.write(
      `memory (resident, every 2 s from ${memoryStartAt.toFixed(0)} s into the window${args['no-training'] ? '' : ' (the first run trained)'} to its end; median of the first fifth → of the last fifth [min–max]): ` +
        `${processes.map((p, i) => `${p.name} ${mib(memory[i].firstMedian)} → ${mib(memory[i].lastMedian)}${percent(growths[i])} [${mib(memory[i].min)}–${mib(memory[i].max)}]`).join(', ')}\n` +
        `  median of each fifth: ${processes.map((p, i) => `${p.name} ${memory[i].fifths.map((v) => v.toFixed(0)).join(' → ')} MiB`).join('; ')}\n`,
    );
    for (const run of runs) {
      out.write(`training run ${run.id}: ${run.stored} points stored, ${run.expected} expected, ${run.missing} missing, ${run.unexpected} unexpected, ${run.notDelivered} not delivered to the subscriber\n`);
    }
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    out.write(`\ngoals: no 5xx or unanswered request: ${verdict(failures === 0)} (${failures}); :predict p99 <= ${GOAL.predictP99Ms} ms: ${verdict(predictP99 <= GOAL.predictP99Ms)} (${predictP99.toFixed(1)} ms); ` +
      `memory within ${GOAL.memoryGrowth * 100} %: ${(sampled ? verdict(Math.max(...growths.map((g) => g ?? 0)) <= GOAL.memoryGrowth) : 'n/a (too few samples after the first run)')}; ` +
      `every run's metric points stored and delivered: ${args['no-training'] ? 'n/a (--no-training)' : `${verdict(runs.length > 0 && lostPoints === 0)} (${runs.length} run(s))`}\n`);
  } finally {
    await follower.close();
    await replica?.stop();
    if (worker.exitCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await api.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`load benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
