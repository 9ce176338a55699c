import type { MetricPointInput } from '@hsic/contracts';

export interface MetricWriterOptions {
  /** Writes rows idempotently (MetricsRepository.upsertMany bound to the run). */
  readonly write: (points: readonly MetricPointInput[]) => Promise<unknown>;
  /** Flush once this many rows wait. */
  readonly maxRows: number;
  /** Flush when the oldest waiting row is this old (so a watcher sees an epoch fill up). */
  readonly maxAgeMs: number;
  readonly now?: () => number;
}

/**
 * Buffers batch rows so a fast phase does not write once per batch. The caller flushes at every epoch and
 * phase end, before the epoch's checkpoint is stored: a stored checkpoint always has all its metrics.
 */
export class MetricWriter {
  private buffer: MetricPointInput[] = [];
  private oldest = 0;
  private readonly now: () => number;

  constructor(private readonly options: MetricWriterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Adds rows; writes the buffer when it is full or old enough. */
  async add(points: readonly MetricPointInput[]): Promise<void> {
    if (points.length === 0) return;
    if (this.buffer.length === 0) this.oldest = this.now();
    this.buffer.push(...points);
    if (this.buffer.length >= this.options.maxRows || this.now() - this.oldest >= this.options.maxAgeMs) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const points = this.buffer;
    this.buffer = [];
    await this.options.write(points);
  }

  get pending(): number {
    return this.buffer.length;
  }
}
