// What the serving core reports, as a tiny interface the API implements with prom-client
// (kept out of this library). Suggested Prometheus mapping:
//   batchCompleted → hsic_serving_batches_total{model,version,outcome} (counter),
//                    hsic_serving_batch_rows{model,version} (histogram, buckets ROWS_PER_BATCH_BUCKETS),
//                    hsic_serving_batch_requests{model,version} (histogram),
//                    hsic_serving_batch_seconds{model,version} (histogram)
//   modelLoaded    → hsic_serving_model_loads_total{model,version,outcome}, hsic_serving_model_load_seconds
//   modelEvicted   → hsic_serving_model_evictions_total{model,version}

export interface BatchEvent {
  readonly model: string;
  readonly version: number;
  /** Inputs in the forward pass. */
  readonly rows: number;
  /** Requests coalesced into it. */
  readonly requests: number;
  /** Forward pass wall time. */
  readonly seconds: number;
  readonly ok: boolean;
}

export interface ModelLoadEvent {
  readonly model: string;
  readonly version: number;
  readonly seconds: number;
  readonly ok: boolean;
}

export interface ModelEvictionEvent {
  readonly model: string;
  readonly version: number;
}

export interface ServingMetrics {
  batchCompleted(event: BatchEvent): void;
  modelLoaded(event: ModelLoadEvent): void;
  modelEvicted(event: ModelEvictionEvent): void;
}

/** Histogram buckets for rows per batch (powers of two up to a large batch). */
export const ROWS_PER_BATCH_BUCKETS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

export const NO_METRICS: ServingMetrics = {
  batchCompleted: () => undefined,
  modelLoaded: () => undefined,
  modelEvicted: () => undefined,
};

/** Plain counters: for tests, diagnostics and a status page. Bounded: the histogram is keyed by row count. */
export class CountingServingMetrics implements ServingMetrics {
  batches = 0;
  failedBatches = 0;
  rows = 0;
  requests = 0;
  loads = 0;
  failedLoads = 0;
  evictions = 0;
  /** rows in a batch → how many batches had that many. */
  readonly rowsPerBatch = new Map<number, number>();

  batchCompleted(event: BatchEvent): void {
    this.batches++;
    if (!event.ok) this.failedBatches++;
    this.rows += event.rows;
    this.requests += event.requests;
    this.rowsPerBatch.set(event.rows, (this.rowsPerBatch.get(event.rows) ?? 0) + 1);
  }

  modelLoaded(event: ModelLoadEvent): void {
    this.loads++;
    if (!event.ok) this.failedLoads++;
  }

  modelEvicted(): void {
    this.evictions++;
  }
}

/** Fans one event stream out to several sinks (e.g. prom-client and a CountingServingMetrics). */
export function combineMetrics(...sinks: readonly ServingMetrics[]): ServingMetrics {
  return {
    batchCompleted: (event) => sinks.forEach((s) => s.batchCompleted(event)),
    modelLoaded: (event) => sinks.forEach((s) => s.modelLoaded(event)),
    modelEvicted: (event) => sinks.forEach((s) => s.modelEvicted(event)),
  };
}
