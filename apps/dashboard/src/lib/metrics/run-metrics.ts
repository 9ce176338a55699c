import { EPOCH_ROW, NOT_PER_LAYER, PHASES, pointKey, type MetricPoint, type Phase } from './metric-point';

/** One block's measurements per batch, in (epoch, batch) order. */
export interface LayerSeries {
  readonly key: string;
  readonly phase: Phase;
  readonly net: number;
  readonly layer: number;
  /** Batch index counted over every epoch of the phase (and net): the x of "against batch" charts. */
  readonly steps: number[];
  /** epoch − 1 + (batch + 1) / batches in that epoch: the x that lines up runs with different batch sizes. */
  readonly epochs: number[];
  /** The 1-based epoch each batch belongs to (the HSIC plane colours by it). */
  readonly epochOf: number[];
  readonly nhsicX: (number | null)[];
  readonly nhsicY: (number | null)[];
  readonly loss: (number | null)[];
}

/** A phase's per-epoch summary rows (batch −1, layer −1), in epoch order (0 = before training). */
export interface EpochSeries {
  readonly phase: Phase;
  readonly net: number;
  readonly epochs: number[];
  readonly testAccuracy: (number | null)[];
  readonly trainAccuracy: (number | null)[];
  readonly loss: (number | null)[];
  readonly seconds: (number | null)[];
}

/** A readout's per-batch loss and accuracy (format, backprop; layer −1). */
export interface ReadoutSeries {
  readonly phase: Phase;
  readonly net: number;
  readonly steps: number[];
  readonly epochs: number[];
  readonly loss: (number | null)[];
  readonly accuracy: (number | null)[];
}

export interface RunMetricsView {
  readonly layers: LayerSeries[];
  readonly epochSummaries: EpochSeries[];
  readonly readouts: ReadoutSeries[];
  /** How many batches each (phase, net) has recorded (the length of its step axis). */
  readonly stepCounts: ReadonlyMap<string, number>;
  readonly pointCount: number;
}

const phaseNetKey = (phase: Phase, net: number) => `${phase}|${net}`;
const byPhaseNetLayer = (a: MetricPoint, b: MetricPoint) =>
  PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || a.net - b.net || a.layer - b.layer || a.epoch - b.epoch || a.batch - b.batch;

/** Later values win; a null in a later write keeps the earlier value (what the API's upsert does too). */
function mergePoint(old: MetricPoint, next: MetricPoint): MetricPoint {
  return {
    ...next,
    nhsicX: next.nhsicX ?? old.nhsicX,
    nhsicY: next.nhsicY ?? old.nhsicY,
    loss: next.loss ?? old.loss,
    accuracy: next.accuracy ?? old.accuracy,
    trainAccuracy: next.trainAccuracy ?? old.trainAccuracy,
    testAccuracy: next.testAccuracy ?? old.testAccuracy,
    seconds: next.seconds ?? old.seconds,
  };
}

/**
 * A run's metric points, merged as they arrive (a snapshot, then live updates; the same point may come
 * twice), and the chart-ready view of them, rebuilt only when something changed.
 */
export class RunMetrics {
  private readonly points = new Map<string, MetricPoint>();
  private cached: RunMetricsView | null = null;
  /** Bumped on every change; React keys its memos on it. */
  version = 0;

  get size(): number {
    return this.points.size;
  }

  upsert(points: Iterable<MetricPoint>): boolean {
    let changed = false;
    for (const point of points) {
      const key = pointKey(point);
      const old = this.points.get(key);
      const merged = old ? mergePoint(old, point) : point;
      if (old && sameValues(old, merged)) continue;
      this.points.set(key, merged);
      changed = true;
    }
    if (changed) {
      this.cached = null;
      this.version++;
    }
    return changed;
  }

  /** Drops everything (a reconnected feed sends a fresh snapshot). */
  clear(): void {
    this.points.clear();
    this.cached = null;
    this.version++;
  }

  view(): RunMetricsView {
    this.cached ??= buildView([...this.points.values()]);
    return this.cached;
  }
}

const sameValues = (a: MetricPoint, b: MetricPoint) =>
  a.nhsicX === b.nhsicX && a.nhsicY === b.nhsicY && a.loss === b.loss && a.accuracy === b.accuracy && a.trainAccuracy === b.trainAccuracy && a.testAccuracy === b.testAccuracy && a.seconds === b.seconds;

/** Batch axes of each (phase, net): step index of every (epoch, batch), and batches per epoch. */
interface BatchAxis {
  readonly stepOf: Map<number, number>;
  readonly batchesIn: Map<number, number>;
}

const encode = (epoch: number, batch: number) => epoch * 1_000_000 + batch;

function batchAxes(points: readonly MetricPoint[]): Map<string, BatchAxis> {
  const keysByPhaseNet = new Map<string, Set<number>>();
  const batchesIn = new Map<string, Map<number, number>>();
  for (const p of points) {
    if (p.batch === EPOCH_ROW) continue;
    const key = phaseNetKey(p.phase, p.net);
    let keys = keysByPhaseNet.get(key);
    if (!keys) keysByPhaseNet.set(key, (keys = new Set()));
    keys.add(encode(p.epoch, p.batch));
    let counts = batchesIn.get(key);
    if (!counts) batchesIn.set(key, (counts = new Map()));
    counts.set(p.epoch, Math.max(counts.get(p.epoch) ?? 0, p.batch + 1));
  }
  const axes = new Map<string, BatchAxis>();
  for (const [key, keys] of keysByPhaseNet) {
    const sorted = [...keys].sort((a, b) => a - b);
    const counts = batchesIn.get(key) ?? new Map<number, number>();
    // The epoch in progress has not seen all its batches yet: measure it against the epoch before.
    const epochs = [...counts.keys()].sort((a, b) => a - b);
    if (epochs.length > 1) {
      const [previous, current] = epochs.slice(-2);
      counts.set(current, Math.max(counts.get(current) ?? 0, counts.get(previous) ?? 0));
    }
    axes.set(key, { stepOf: new Map(sorted.map((encoded, i) => [encoded, i])), batchesIn: counts });
  }
  return axes;
}

const byEpochBatch = (a: MetricPoint, b: MetricPoint) => a.epoch - b.epoch || a.batch - b.batch;
const seriesOrder = (a: MetricPoint[], b: MetricPoint[]) => byPhaseNetLayer(a[0], b[0]);

/**
 * Points grouped by series (phase, net, layer), each in (epoch, batch) order. One pass into buckets; a bucket
 * is sorted only when its points came out of order (a snapshot arrives in order, so a 50,000-point run
 * needs no sort at all).
 */
function seriesOf(points: Iterable<MetricPoint>): MetricPoint[][] {
  const buckets = new Map<string, MetricPoint[]>();
  for (const p of points) {
    const key = `${p.phase}|${p.net}|${p.layer}`;
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = []));
    bucket.push(p);
  }
  const series = [...buckets.values()];
  for (const bucket of series) {
    for (let i = 1; i < bucket.length; i++) {
      if (byEpochBatch(bucket[i - 1], bucket[i]) > 0) {
        bucket.sort(byEpochBatch);
        break;
      }
    }
  }
  return series.sort(seriesOrder);
}

function buildView(all: MetricPoint[]): RunMetricsView {
  const axes = batchAxes(all);
  const layers: LayerSeries[] = [];
  const readouts: ReadoutSeries[] = [];
  const epochSummaries: EpochSeries[] = [];
  const xOf = (p: MetricPoint) => {
    const axis = axes.get(phaseNetKey(p.phase, p.net))!;
    return { step: axis.stepOf.get(encode(p.epoch, p.batch))!, epoch: p.epoch - 1 + (p.batch + 1) / (axis.batchesIn.get(p.epoch) ?? p.batch + 1) };
  };

  for (const group of seriesOf(all)) {
    const first = group[0];
    const batches = group.filter((p) => p.batch !== EPOCH_ROW);
    if (first.layer === NOT_PER_LAYER) {
      const rows = group.filter((p) => p.batch === EPOCH_ROW);
      if (rows.length > 0) {
        epochSummaries.push({
          phase: first.phase,
          net: first.net,
          epochs: rows.map((p) => p.epoch),
          testAccuracy: rows.map((p) => p.testAccuracy),
          trainAccuracy: rows.map((p) => p.trainAccuracy),
          loss: rows.map((p) => p.loss),
          seconds: rows.map((p) => p.seconds),
        });
      }
      if (batches.some((p) => p.loss !== null || p.accuracy !== null)) {
        const xs = batches.map(xOf);
        readouts.push({
          phase: first.phase,
          net: first.net,
          steps: xs.map((x) => x.step),
          epochs: xs.map((x) => x.epoch),
          loss: batches.map((p) => p.loss),
          accuracy: batches.map((p) => p.accuracy),
        });
      }
      continue;
    }
    if (batches.length === 0) continue;
    const xs = batches.map(xOf);
    layers.push({
      key: `${first.phase}|${first.net}|${first.layer}`,
      phase: first.phase,
      net: first.net,
      layer: first.layer,
      steps: xs.map((x) => x.step),
      epochs: xs.map((x) => x.epoch),
      epochOf: batches.map((p) => p.epoch),
      nhsicX: batches.map((p) => p.nhsicX),
      nhsicY: batches.map((p) => p.nhsicY),
      loss: batches.map((p) => p.loss),
    });
  }
  const stepCounts = new Map([...axes].map(([key, axis]) => [key, axis.stepOf.size]));
  return { layers, epochSummaries, readouts, stepCounts, pointCount: all.length };
}

/** "layer 3", or "net 2 · layer 3" in a σ-combined run (nets and layers are 0-based in the API, 1-based here). */
export function layerLabel(series: Pick<LayerSeries, 'net' | 'layer'>, multipleNets: boolean): string {
  return multipleNets ? `net ${series.net + 1} · layer ${series.layer + 1}` : `layer ${series.layer + 1}`;
}
