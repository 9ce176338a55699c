/** Training phases as the API names them, in pipeline order. */
export const PHASES = ['HSIC', 'FORMAT', 'BACKPROP'] as const;
export type Phase = (typeof PHASES)[number];

/** batch −1: an epoch summary row; layer −1: a value that is not one block's (readout loss, accuracies). */
export const EPOCH_ROW = -1;
export const NOT_PER_LAYER = -1;

/** One metric point as the dashboard holds it (the API's MetricPoint). */
export interface MetricPoint {
  readonly phase: Phase;
  readonly net: number;
  readonly epoch: number;
  readonly batch: number;
  readonly layer: number;
  readonly nhsicX: number | null;
  readonly nhsicY: number | null;
  readonly loss: number | null;
  readonly accuracy: number | null;
  readonly trainAccuracy: number | null;
  readonly testAccuracy: number | null;
  readonly seconds: number | null;
}

/**
 * Points on the wire (the API's metricColumns, and what the dashboard server streams to the browser): one
 * array per field, index i of every array is point i. A fraction of the bytes and of the parse time of the
 * same points as objects.
 */
export interface WireColumns {
  readonly count: number;
  readonly phase: readonly Phase[];
  readonly net: readonly (number | null)[];
  readonly epoch: readonly (number | null)[];
  readonly batch: readonly (number | null)[];
  readonly layer: readonly (number | null)[];
  readonly nhsicX: readonly (number | null)[];
  readonly nhsicY: readonly (number | null)[];
  readonly loss: readonly (number | null)[];
  readonly accuracy: readonly (number | null)[];
  readonly trainAccuracy: readonly (number | null)[];
  readonly testAccuracy: readonly (number | null)[];
  readonly seconds: readonly (number | null)[];
}

const VALUE_FIELDS = ['nhsicX', 'nhsicY', 'loss', 'accuracy', 'trainAccuracy', 'testAccuracy', 'seconds'] as const;

export function columnsOf(points: readonly MetricPoint[]): WireColumns {
  const column = <K extends keyof MetricPoint>(name: K) => points.map((p) => p[name]);
  return {
    count: points.length,
    phase: column('phase'),
    net: column('net'),
    epoch: column('epoch'),
    batch: column('batch'),
    layer: column('layer'),
    ...(Object.fromEntries(VALUE_FIELDS.map((name) => [name, column(name)])) as Record<(typeof VALUE_FIELDS)[number], (number | null)[]>),
  };
}

/** The points of columns; throws on columns of different lengths or a missing key (a bad message). */
export function pointsOf(columns: WireColumns): MetricPoint[] {
  const { count } = columns;
  for (const name of ['phase', 'net', 'epoch', 'batch', 'layer', ...VALUE_FIELDS] as const) {
    if (columns[name].length !== count) throw new RangeError(`metric columns: ${name} holds ${columns[name].length} values, expected ${count}`);
  }
  const points: MetricPoint[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const key = [columns.net[i], columns.epoch[i], columns.batch[i], columns.layer[i]];
    if (key.some((v) => v === null) || !PHASES.includes(columns.phase[i])) throw new RangeError(`metric columns: point ${i} has no complete key`);
    points[i] = {
      phase: columns.phase[i],
      net: columns.net[i]!,
      epoch: columns.epoch[i]!,
      batch: columns.batch[i]!,
      layer: columns.layer[i]!,
      nhsicX: columns.nhsicX[i],
      nhsicY: columns.nhsicY[i],
      loss: columns.loss[i],
      accuracy: columns.accuracy[i],
      trainAccuracy: columns.trainAccuracy[i],
      testAccuracy: columns.testAccuracy[i],
      seconds: columns.seconds[i],
    };
  }
  return points;
}

/** The natural key of a point within its run. */
export const pointKey = (p: Pick<MetricPoint, 'phase' | 'net' | 'epoch' | 'batch' | 'layer'>): string => `${p.phase}|${p.net}|${p.epoch}|${p.batch}|${p.layer}`;
