// Dashboard benchmark (not a test): npm run bench:dashboard [-- --renders 5 --live-batches 120 --batch-ms 100]
//
// Starts the API as its own process (HSIC_ROLE=api, a fresh embedded database it owns, runProgress polling
// every 100 ms) and the built dashboard (next start) beside it, stores a finished pipeline run holding
// 54,000 metric points (7 layers × 118 batches × 30 epochs of HSIC, the same of a monitored backprop
// baseline, readout batches and epoch rows), then, in Debian's headless Chromium:
//   render   opens the run page --renders times, each in a new tab with the HTTP cache off: time from
//            navigation until every point is in and every chart (nHSIC X and Y, the HSIC plane, accuracy and
//            loss) has drawn; goal < 1.5 s
//   live     opens a RUNNING run and writes one batch (7 layer points + a readout point) every --batch-ms
//            while it watches: the delay from each write to the page showing it, first and last batches
//   size     the JavaScript each page loads on a cold start (compressed as served, and unpacked)
// Beside the timings, the machine anchor: sorting 1,000,000 doubles in the same Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { MetricPointInput, TrainingPhase } from '@hsic/contracts';
import { createRepositories, openDatabase, type Repositories } from '@hsic/persistence';

const GOAL_RENDER_MS = 1500;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const { values: args } = parseArgs({
  options: {
    renders: { type: 'string', default: '5' },
    'live-batches': { type: 'string', default: '120' },
    'batch-ms': { type: 'string', default: '100' },
  },
});
const renders = Number(args.renders);
const liveBatches = Number(args['live-batches']);
const batchMs = Number(args['batch-ms']);

const LAYERS = 7;
const BATCHES = 118;
const EPOCHS = 30;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(what: string, url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not answer at ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Deterministic noise (the same points every run of the benchmark). */
function noise(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32 - 0.5;
  };
}

/** Curves shaped like a real run's: nHSIC(X, Z) falls and nHSIC(Y, Z) rises with depth and time. */
function layerPoint(phase: TrainingPhase, epoch: number, batch: number, layer: number, rand: () => number): MetricPointInput {
  const t = (epoch - 1 + batch / BATCHES) / EPOCHS;
  return {
    phase,
    epoch,
    batch,
    layer,
    nhsicX: 35 - layer * 3 - 6 * (1 - Math.exp(-4 * t)) + rand(),
    nhsicY: 6 + layer * 0.3 + 2.5 * (1 - Math.exp(-6 * t)) + 0.2 * rand(),
    loss: -(2 + layer * 0.3) * (1 - Math.exp(-5 * t)) + 0.1 * rand(),
    seconds: 0.3,
    samples: 512,
  };
}

function finishedRunPoints(): MetricPointInput[] {
  const rand = noise(7);
  const points: MetricPointInput[] = [];
  for (const phase of ['hsic', 'backprop'] as const) {
    for (let epoch = 1; epoch <= EPOCHS; epoch++) {
      for (let batch = 0; batch < BATCHES; batch++) {
        for (let layer = 0; layer < LAYERS; layer++) points.push(layerPoint(phase, epoch, batch, layer, rand));
        if (phase === 'backprop') points.push({ phase, epoch, batch, layer: -1, loss: 2.3 * Math.exp(-epoch / 5) + 0.05 * rand(), accuracy: 0.9 - 0.6 * Math.exp(-epoch / 3), samples: 512 });
      }
      points.push({ phase, epoch, batch: -1, layer: -1, seconds: 35, trainAccuracy: phase === 'backprop' ? 0.9 - 0.5 * Math.exp(-epoch / 4) : null, testAccuracy: 0.88 - 0.5 * Math.exp(-epoch / 4), loss: phase === 'backprop' ? Math.exp(-epoch / 6) : null });
    }
  }
  for (let epoch = 1; epoch <= 5; epoch++) {
    for (let batch = 0; batch < 235; batch++) points.push({ phase: 'format', epoch, batch, layer: -1, loss: 0.6 * Math.exp(-epoch / 2) + 0.02 * rand(), accuracy: 0.8 + epoch / 50, samples: 256 });
    points.push({ phase: 'format', epoch, batch: -1, layer: -1, seconds: 3, trainAccuracy: 0.82 + epoch / 100, testAccuracy: 0.83 + epoch / 200, loss: 0.5 * Math.exp(-epoch / 2) });
  }
  return points;
}

async function storeRun(repos: Repositories, points: readonly MetricPointInput[], finish: boolean): Promise<string> {
  const config = {
    data: { dataset: 'mnist-10k' },
    model: { kind: 'mlp', hiddenWidth: 128, hiddenLayers: 5, lastWidth: 128, activation: 'relu' },
    hsic: { epochs: EPOCHS, batchSize: 512, learningRate: 1e-4, sigma: 5, beta: 50 },
    backprop: { epochs: EPOCHS, batchSize: 512, learningRate: 1e-3, monitorEvery: 1 },
  };
  const run = await repos.runs.create({ kind: 'PIPELINE', datasetName: 'mnist-10k', config, preset: null, modelName: null });
  await repos.runs.start(run.id, { workerId: 'bench', backend: 'wasm' });
  for (let i = 0; i < points.length; i += 5000) await repos.metrics.upsertMany(run.id, points.slice(i, i + 5000));
  if (finish) {
    await repos.runs.recordProgress(run.id, { phase: 'backprop', net: 0, epoch: EPOCHS });
    await repos.runs.succeed(run.id, { testAccuracy: { format: 0.855, backprop: 0.88 } });
  }
  else await repos.runs.recordProgress(run.id, { phase: 'hsic', net: 0, epoch: 1 });
  return run.id;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: readonly number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

/** The same fixed JavaScript work in the same browser: sorting 1,000,000 doubles (median of 3, ms). */
async function browserAnchor(browser: Browser): Promise<number> {
  const page = await browser.newPage();
  const ms = await page.evaluate(() => {
    const times: number[] = [];
    for (let round = 0; round < 3; round++) {
      let x = 12345;
      const values = new Float64Array(1_000_000).map(() => ((x = (x * 1103515245 + 12345) >>> 0), x / 2 ** 32));
      const started = performance.now();
      values.sort();
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[1];
  });
  await page.close();
  return ms;
}

/**
 * ms from navigation until all `points` are in and every chart has drawn: a script in the page checks each
 * frame, and the time is taken two frames after the first frame that has them (by then they are on screen).
 */
interface RenderTiming {
  /** Navigation start → all points in and every chart on screen. */
  readonly total: number;
  /** The steps on the way, from the page's own performance marks (ms since navigation start). */
  readonly steps: Record<string, number>;
}

async function renderOnce(browser: Browser, url: string, points: number): Promise<RenderTiming> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((expected: number) => {
    const w = window as unknown as { __drawnAt?: number };
    const check = () => {
      const count = Number(document.querySelector('[data-testid="point-count"]')?.textContent?.replace(/[^0-9]/g, '') ?? 0);
      if (count === expected && document.querySelectorAll('figure canvas').length >= 6) {
        requestAnimationFrame(() => requestAnimationFrame(() => (w.__drawnAt = performance.now())));
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, points);
  const page = await context.newPage();
  // The tab is open already (as when a user clicks a run), but nothing is cached: every script is fetched.
  await page.goto(new URL('/ops', url).href);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(url, { waitUntil: 'commit' });
  const drawnAt = await page.waitForFunction(() => (window as unknown as { __drawnAt?: number }).__drawnAt, undefined, { timeout: 60_000 });
  const total = (await drawnAt.jsonValue()) as number;
  const steps = await page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const marks = Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name.replace('hsic:', ''), mark.startTime]));
    return { 'first byte': navigation.responseStart, 'DOM ready': navigation.domContentLoadedEventEnd, ...marks };
  });
  await context.close();
  return { total, steps };
}

async function liveRun(browser: Browser, repos: Repositories, dashboardUrl: string): Promise<{ lags: number[]; shown: number }> {
  const rand = noise(11);
  const base: MetricPointInput[] = [];
  for (let batch = 0; batch < 20; batch++) for (let layer = 0; layer < LAYERS; layer++) base.push(layerPoint('hsic', 1, batch, layer, rand));
  const runId = await storeRun(repos, base, false);
  const page: Page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${dashboardUrl}/runs/${runId}`);
  await page.waitForFunction((n) => document.querySelector('[data-testid="point-count"]')?.textContent?.startsWith(String(n)), base.length, { timeout: 60_000 });
  await page.evaluate(() => {
    const seen: [number, number][] = [];
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    const element = document.querySelector('[data-testid="point-count"]')!;
    new MutationObserver(() => seen.push([Date.now(), Number(element.textContent?.replace(/[^0-9]/g, '') ?? 0)])).observe(element, { childList: true, characterData: true, subtree: true });
  });
  const writes: [number, number][] = [];
  let total = base.length;
  for (let i = 0; i < liveBatches; i++) {
    const epoch = 1 + Math.floor((20 + i) / BATCHES);
    const batch = (20 + i) % BATCHES;
    const points = [...Array.from({ length: LAYERS }, (_, layer) => layerPoint('hsic', epoch, batch, layer, rand)), { phase: 'hsic' as const, epoch, batch, layer: -1, loss: 1, samples: 512 }];
    const started = Date.now();
    await repos.metrics.upsertMany(runId, points);
    total += points.length;
    writes.push([Date.now(), total]);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, batchMs - (Date.now() - started))));
  }
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="point-count"]')?.textContent?.replace(/[^0-9]/g, '') ?? 0) >= n, total, { timeout: 30_000 });
  const seen = await page.evaluate(() => (window as unknown as { __seen: [number, number][] }).__seen);
  await page.close();
  const lags = writes.map(([at, count]) => (seen.find(([, shown]) => shown >= count)?.[0] ?? Number.NaN) - at);
  return { lags, shown: new Set(seen.map(([, count]) => count)).size };
}

/** JavaScript a cold page load fetches: bytes as served (compressed) and unpacked. */
async function firstLoadJs(browser: Browser, url: string): Promise<{ encoded: number; decoded: number; files: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'networkidle' });
  const sizes = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
      .map((entry) => [entry.encodedBodySize, entry.decodedBodySize]),
  );
  await context.close();
  return { encoded: sizes.reduce((s, [e]) => s + e, 0), decoded: sizes.reduce((s, [, d]) => s + d, 0), files: sizes.length };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(root, 'apps/dashboard/.next/BUILD_ID'))) throw new Error('build first: npm run build');
  const [apiPort, dashboardPort, dbPort] = [await freePort(), await freePort(), await freePort()];
  const dataHome = await mkdtemp(path.join(tmpdir(), 'hsic-dashboard-bench-'));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
  const children: ChildProcess[] = [];
  let database: Awaited<ReturnType<typeof openDatabase>> | null = null;
  let browser: Browser | null = null;
  try {
    children.push(
      spawn(process.execPath, [path.join(root, 'apps/api/dist/main.js')], {
        env: { ...process.env, DATABASE_URL: '', HSIC_DATA_HOME: dataHome, HSIC_EMBEDDED_DB_PORT: String(dbPort), HSIC_ROLE: 'api', PORT: String(apiPort), HSIC_PROGRESS_POLL_MS: '100' },
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
    await waitFor('the API', `${apiUrl}/v2/health/ready`);
    children.push(
      spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', path.join(root, 'apps/dashboard'), '--port', String(dashboardPort)], {
        env: { ...process.env, HSIC_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' },
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
    database = await openDatabase({ databaseUrl: `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres?sslmode=disable`, migrate: false });
    const repos = createRepositories(database.prisma);
    const points = finishedRunPoints();
    log(`storing a finished run with ${points.length.toLocaleString('en')} metric points …`);
    const finishedId = await storeRun(repos, points, true);
    await waitFor('the dashboard', `${dashboardUrl}/ops`);
    browser = await chromium.launch({
      executablePath: process.env.HSIC_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });

    const anchor = await browserAnchor(browser);
    const firstLoad = await renderOnce(browser, `${dashboardUrl}/runs/${finishedId}`, points.length); // servers' code not yet compiled by V8
    const timings: RenderTiming[] = [];
    for (let i = 0; i < renders; i++) timings.push(await renderOnce(browser, `${dashboardUrl}/runs/${finishedId}`, points.length));
    const times = timings.map((t) => t.total);
    log(`render: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    const stepNames = Object.keys(timings[0].steps);
    const steps = stepNames.map((name) => `${name} ${median(timings.map((t) => t.steps[name] ?? Number.NaN)).toFixed(0)}`).join(' → ');

    log(`live: ${liveBatches} batches, one every ${batchMs} ms …`);
    const live = await liveRun(browser, repos, dashboardUrl);
    const sizes = [];
    for (const [name, url] of [
      ['/runs', `${dashboardUrl}/runs`],
      ['/runs/[id]', `${dashboardUrl}/runs/${finishedId}`],
      ['/compare', `${dashboardUrl}/compare?runs=${finishedId}`],
      ['/classify', `${dashboardUrl}/classify`],
    ] as const) sizes.push({ name, ...(await firstLoadJs(browser, url)) });

    const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
    const renderMedian = median(times);
    const head = live.lags.slice(0, 10);
    const tail = live.lags.slice(-10);
    const out = [
      `machine anchor: sorting 1,000,000 doubles in this Chromium takes ${anchor.toFixed(0)} ms`,
      '',
      `render  run page with ${points.length.toLocaleString('en')} points (every chart drawn), ${renders} loads (new tab, HTTP cache off):`,
      `        on the way (medians, ms since navigation): ${steps} → charts on screen ${renderMedian.toFixed(0)}`,
      `        the very first load after the servers started (cold JIT): ${firstLoad.total.toFixed(0)} ms`,
      `        median ${renderMedian.toFixed(0)} ms, min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)} ms = ${(renderMedian / anchor).toFixed(1)} anchors; goal < ${GOAL_RENDER_MS} ms: ${Math.max(...times) < GOAL_RENDER_MS ? 'met' : 'MISSED'}`,
      `live    ${liveBatches} batches written one every ${batchMs} ms (runProgress polls every 100 ms); page showed ${live.shown} updates`,
      `        write → on screen: p50 ${percentile(live.lags, 50).toFixed(0)} ms, p95 ${percentile(live.lags, 95).toFixed(0)} ms, max ${Math.max(...live.lags).toFixed(0)} ms; first 10 batches p50 ${median(head).toFixed(0)} ms, last 10 p50 ${median(tail).toFixed(0)} ms (${median(tail) <= median(head) + batchMs ? 'keeps up: no growing backlog' : 'FALLS BEHIND'})`,
      'size    JavaScript of a cold page load (as served / unpacked):',
      ...sizes.map((s) => `        ${s.name.padEnd(11)} ${kib(s.encoded).padStart(8)} / ${kib(s.decoded).padStart(8)} in ${s.files} files`),
    ];
    process.stdout.write(`\n${out.join('\n')}\n`);
    if (process.env.HSIC_BENCH_KEEP) {
      log(`kept running for 10 min: API ${apiUrl}, dashboard ${dashboardUrl}, finished run ${finishedId}`);
      await new Promise((resolve) => setTimeout(resolve, 600_000));
    }
  } finally {
    await browser?.close();
    await database?.close();
    for (const child of children.reverse()) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataHome, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`dashboard benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
