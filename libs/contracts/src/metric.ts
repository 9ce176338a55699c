import { z } from 'zod';
import { trainingPhaseSchema } from './training-phase.js';

/** batch = EPOCH_ROW for an epoch summary; layer = NOT_PER_LAYER when the point is not one block's. */
export const EPOCH_ROW = -1;
export const NOT_PER_LAYER = -1;

const value = z.number().nullable();

/**
 * One training measurement. Its natural key is (phase, net, epoch, batch, layer) within a run: writing
 * the same key again overwrites, so a retried job never duplicates a point.
 */
export const metricPointSchema = z.object({
  phase: trainingPhaseSchema,
  net: z.number().int().min(0),
  epoch: z.number().int().min(0),
  batch: z.number().int().min(EPOCH_ROW),
  layer: z.number().int().min(NOT_PER_LAYER),
  nhsicX: value,
  nhsicY: value,
  loss: value,
  accuracy: value,
  trainAccuracy: value,
  testAccuracy: value,
  seconds: value,
  samples: z.number().int().min(0).nullable(),
});
export type MetricPoint = z.infer<typeof metricPointSchema>;

/**
 * A stored point with its place in the run's write order: every insert and rewrite gets a higher `seq`, so
 * "the points after seq S" is what a reader that saw up to S has missed.
 */
export const writtenMetricPointSchema = metricPointSchema.extend({ seq: z.bigint().nonnegative() });
export type WrittenMetricPoint = z.infer<typeof writtenMetricPointSchema>;

/** What a worker writes: the key, and whichever values it has (net defaults to 0). */
export const metricPointInputSchema = metricPointSchema.partial().required({
  phase: true,
  epoch: true,
  batch: true,
  layer: true,
});
export type MetricPointInput = z.input<typeof metricPointInputSchema>;

export const MAX_POINTS_PER_SERIES = 10_000;

/** A series is one (phase, net, layer); downsampling keeps every k-th batch point and every epoch row. */
export const metricQuerySchema = z.object({
  phase: trainingPhaseSchema.optional(),
  layer: z.coerce.number().int().min(NOT_PER_LAYER).optional(),
  maxPointsPerSeries: z.coerce.number().int().min(1).max(MAX_POINTS_PER_SERIES).optional(),
});
export type MetricQuery = z.input<typeof metricQuerySchema>;

/**
 * The same points as parallel arrays, one per field (index i of every array is point i): what a chart
 * draws from, and a fraction of the size and the work of a list of objects.
 */
export interface MetricColumns {
  readonly count: number;
  readonly phase: MetricPoint['phase'][];
  readonly net: number[];
  readonly epoch: number[];
  readonly batch: number[];
  readonly layer: number[];
  readonly nhsicX: (number | null)[];
  readonly nhsicY: (number | null)[];
  readonly loss: (number | null)[];
  readonly accuracy: (number | null)[];
  readonly trainAccuracy: (number | null)[];
  readonly testAccuracy: (number | null)[];
  readonly seconds: (number | null)[];
  readonly samples: (number | null)[];
}

const COLUMN_NAMES = ['phase', 'net', 'epoch', 'batch', 'layer', 'nhsicX', 'nhsicY', 'loss', 'accuracy', 'trainAccuracy', 'testAccuracy', 'seconds', 'samples'] as const;

export function toMetricColumns(points: readonly MetricPoint[]): MetricColumns {
  const columns = Object.fromEntries(COLUMN_NAMES.map((name) => [name, new Array(points.length)])) as unknown as Record<(typeof COLUMN_NAMES)[number], unknown[]>;
  for (let i = 0; i < points.length; i++) {
    const point = points[i];
    for (const name of COLUMN_NAMES) columns[name][i] = point[name];
  }
  return { count: points.length, ...columns } as MetricColumns;
}
