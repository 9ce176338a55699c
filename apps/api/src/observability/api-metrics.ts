import { RUN_STATUSES, type RunStatus } from '@hsic/contracts';
import type { QueueDepth } from '@hsic/jobs';
import { ROWS_PER_BATCH_BUCKETS, type BatchEvent, type ModelEvictionEvent, type ModelLoadEvent, type ServingMetrics } from '@hsic/serving';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Live numbers read at scrape time (each may fail, e.g. while the database is down: the scrape still answers). */
export interface ScrapeSources {
  readonly queues: readonly string[];
  queueDepth(queue: string): Promise<QueueDepth>;
  runsByStatus(): Promise<Partial<Record<RunStatus, number>>>;
  onError(what: string, error: unknown): void;
}

/** Latency buckets for an API that answers predictions in milliseconds and GraphQL in tens of them. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The Prometheus registry of one API process: HTTP, serving batches, queue depth, runs by status, process. */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly serving: ServingMetrics;
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route' | 'status'>;

  constructor(sources: ScrapeSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'hsic_api_' });
    this.requests = new Counter({
      name: 'hsic_http_requests_total',
      help: 'HTTP requests answered, by route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'hsic_http_request_duration_seconds',
      help: 'Time from request to the last byte of the answer.',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.serving = servingMetrics(registers);

    new Gauge({
      name: 'hsic_queue_jobs',
      help: 'Jobs per queue and state (queued: waiting or retrying; active: running).',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const queue of sources.queues) {
          try {
            const depth = await sources.queueDepth(queue);
            this.set({ queue, state: 'queued' }, depth.queued);
            this.set({ queue, state: 'active' }, depth.active);
          } catch (error) {
            sources.onError(`queue depth of ${queue}`, error);
          }
        }
      },
    });
    new Gauge({
      name: 'hsic_runs',
      help: 'Training runs by status.',
      labelNames: ['status'],
      registers,
      async collect() {
        try {
          const counts = await sources.runsByStatus();
          for (const status of RUN_STATUSES) this.set({ status }, counts[status] ?? 0);
        } catch (error) {
          sources.onError('runs by status', error);
        }
      },
    });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.latency.observe(labels, seconds);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The serving core's events, as suggested in @hsic/serving metrics.ts. */
function servingMetrics(registers: Registry[]): ServingMetrics {
  const labelNames = ['model', 'version'] as const;
  const batches = new Counter({ name: 'hsic_serving_batches_total', help: 'Forward passes, by outcome.', labelNames: [...labelNames, 'outcome'], registers });
  const rows = new Histogram({ name: 'hsic_serving_batch_rows', help: 'Inputs per forward pass.', labelNames, buckets: [...ROWS_PER_BATCH_BUCKETS], registers });
  const requests = new Histogram({ name: 'hsic_serving_batch_requests', help: 'Requests coalesced into one forward pass.', labelNames, buckets: [...ROWS_PER_BATCH_BUCKETS], registers });
  const seconds = new Histogram({ name: 'hsic_serving_batch_seconds', help: 'Forward pass wall time.', labelNames, buckets: LATENCY_BUCKETS, registers });
  const loads = new Counter({ name: 'hsic_serving_model_loads_total', help: 'Model versions loaded into memory, by outcome.', labelNames: [...labelNames, 'outcome'], registers });
  const loadSeconds = new Histogram({ name: 'hsic_serving_model_load_seconds', help: 'Time to read, verify and deserialize a version.', labelNames, buckets: LATENCY_BUCKETS, registers });
  const evictions = new Counter({ name: 'hsic_serving_model_evictions_total', help: 'Versions dropped from the model cache.', labelNames, registers });
  const labelsOf = (event: { model: string; version: number }) => ({ model: event.model, version: String(event.version) });
  return {
    batchCompleted(event: BatchEvent) {
      const labels = labelsOf(event);
      batches.inc({ ...labels, outcome: event.ok ? 'ok' : 'error' });
      rows.observe(labels, event.rows);
      requests.observe(labels, event.requests);
      seconds.observe(labels, event.seconds);
    },
    modelLoaded(event: ModelLoadEvent) {
      loads.inc({ ...labelsOf(event), outcome: event.ok ? 'ok' : 'error' });
      if (event.ok) loadSeconds.observe(labelsOf(event), event.seconds);
    },
    modelEvicted(event: ModelEvictionEvent) {
      evictions.inc(labelsOf(event));
    },
  };
}
