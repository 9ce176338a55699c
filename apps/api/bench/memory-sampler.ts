import { residentMegabytes } from './bench-support.js';

export interface MemoryTrend {
  readonly samples: number;
  /** Median resident MiB of the first and of the last fifth of the samples. */
  readonly firstMedian: number | null;
  readonly lastMedian: number | null;
  /** (last − first) / first. */
  readonly growth: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** The median of each fifth of the samples, in order: a leak climbs through them, a heap warming up levels off. */
  readonly fifths: readonly number[];
}

/** Of a non-empty list. */
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Samples the resident memory of some processes at a fixed period, and says whether it trends up. */
export class MemorySampler {
  /** Fewer samples than this (a fifth would be a single sample) give no trend. */
  static readonly MIN_SAMPLES = 10;
  private readonly series: number[][];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pids: readonly (number | undefined)[],
    private readonly periodMs = 2_000,
  ) {
    this.series = pids.map(() => []);
  }

  start(): void {
    if (this.timer) return;
    const sample = () => void Promise.all(this.pids.map((pid) => residentMegabytes(pid))).then((values) => values.forEach((value, i) => value !== null && this.series[i].push(value)));
    sample();
    this.timer = setInterval(sample, this.periodMs);
  }

  /** Stops sampling; one trend per process, in the order given. */
  stop(): MemoryTrend[] {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.series.map((values) => {
      const fifths = values.length < 5 ? [] : [0, 1, 2, 3, 4].map((k) => median(values.slice(Math.floor((k * values.length) / 5), Math.floor(((k + 1) * values.length) / 5))));
      const [firstMedian, lastMedian] = [fifths[0] ?? null, fifths[4] ?? null];
      return {
        samples: values.length,
        firstMedian,
        lastMedian,
        growth: firstMedian && lastMedian ? (lastMedian - firstMedian) / firstMedian : null,
        min: values.length ? Math.min(...values) : null,
        max: values.length ? Math.max(...values) : null,
        fifths,
      };
    });
  }
}
