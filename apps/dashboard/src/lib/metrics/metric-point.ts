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
 * A point on the wire between the dashboard server and the browser: positional, without keys, the phase as
 * its index in PHASES. 50,000 points are about a third of the size of the same points as objects.
 */
export type WirePoint = [
  phase: number,
  net: number,
  epoch: number,
  batch: number,
  layer: number,
  nhsicX: number | null,
  nhsicY: number | null,
  loss: number | null,
  accuracy: number | null,
  trainAccuracy: number | null,
  testAccuracy: number | null,
  seconds: number | null,
];

/** Seven significant digits: far below what a chart shows, and half the characters of a double. */
const compact = (value: number | null): number | null => (value === null || !Number.isFinite(value) ? null : Number(value.toPrecision(7)));

export function toWirePoint(point: MetricPoint): WirePoint {
  return [
    PHASES.indexOf(point.phase),
    point.net,
    point.epoch,
    point.batch,
    point.layer,
    compact(point.nhsicX),
    compact(point.nhsicY),
    compact(point.loss),
    compact(point.accuracy),
    compact(point.trainAccuracy),
    compact(point.testAccuracy),
    compact(point.seconds),
  ];
}

export function fromWirePoint(wire: WirePoint): MetricPoint {
  const [phase, net, epoch, batch, layer, nhsicX, nhsicY, loss, accuracy, trainAccuracy, testAccuracy, seconds] = wire;
  const name = PHASES[phase];
  if (!name) throw new RangeError(`unknown phase index ${phase}`);
  return { phase: name, net, epoch, batch, layer, nhsicX, nhsicY, loss, accuracy, trainAccuracy, testAccuracy, seconds };
}

/** The natural key of a point within its run. */
export const pointKey = (p: Pick<MetricPoint, 'phase' | 'net' | 'epoch' | 'batch' | 'layer'>): string => `${p.phase}|${p.net}|${p.epoch}|${p.batch}|${p.layer}`;
