// Open-loop load at a fixed rate: one request every 1000/rate ms whether or not the earlier ones have been
// answered, each timed from when it was due (so time spent waiting for a free connection counts).
// Why not a library: autocannon's rate mode sends each connection's whole second's quota back to back and
// then waits (every route arrives in bursts at the top of each second), and its coordinated-omission
// correction takes 1/rate seconds for milliseconds; loadtest 8 JSON-encodes Buffer bodies (no multipart).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface OpenLoopRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string | Buffer;
}

export interface OpenLoopResult {
  readonly sent: number;
  /** Answers by status code; 'no answer (ECONNRESET)' and the like for a socket error or no answer within 10 s. */
  readonly answers: ReadonlyMap<string, number>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** How late the load generator itself sent requests (its event loop was busy): 99th percentile, ms. */
  readonly sendLagP99Ms: number;
  /** Requests sent per second over the window. */
  readonly rate: number;
}

const ANSWER_TIMEOUT_MS = 10_000;
/** Connections per route at most; beyond, requests wait for one (and that wait counts in their latency). */
const MAX_CONNECTIONS = 64;
const IDLE_CONNECTION_MS = 4_000;

function send(request: OpenLoopRequest, body: Buffer | undefined, agent: http.Agent): Promise<string> {
  return new Promise((resolve) => {
    const req = http.request(request.url, { method: request.method, headers: { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) }, agent });
    req.setTimeout(ANSWER_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(`no answer (${error.code ?? error.message})`));
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
      res.on('error', (error: NodeJS.ErrnoException) => resolve(`no answer (${error.code ?? error.message})`));
    });
    req.end(body);
  });
}

const percentile = (sorted: readonly number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);

/** Sends `request` `perSecond` times a second, evenly spaced, for `seconds`. */
export async function openLoop(request: OpenLoopRequest, perSecond: number, seconds: number): Promise<OpenLoopResult> {
  // Idle connections are closed after 4 s, before the server's keep-alive timeout (5 s) closes them: else a
  // request sent on a connection the server is closing at that moment fails (ECONNRESET) through no fault of
  // the server.
  const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_CONNECTIONS, timeout: IDLE_CONNECTION_MS });
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const total = Math.round(perSecond * seconds);
  const intervalMs = 1000 / perSecond;
  const latencies: number[] = [];
  const sendLags: number[] = [];
  const answers = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * intervalMs;
    const early = due - performance.now();
    if (early >= 1) await sleep(early);
    sendLags.push(Math.max(0, performance.now() - due));
    pending.push(
      send(request, body, agent).then((answer) => {
        latencies.push(performance.now() - due);
        answers.set(answer, (answers.get(answer) ?? 0) + 1);
      }),
    );
  }
  await Promise.all(pending);
  const elapsedSeconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  sendLags.sort((a, b) => a - b);
  return {
    sent: total,
    answers,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? NaN,
    sendLagP99Ms: percentile(sendLags, 99),
    rate: total / Math.min(elapsedSeconds, seconds),
  };
}
