import uPlot from 'uplot';
import type { Phase } from './metric-point';
import { layerLabel, type EpochSeries, type LayerSeries } from './run-metrics';
import { smooth } from './smoothing';
import { seriesStats, type SeriesStats } from './series-stats';

export type LayerField = 'nhsicX' | 'nhsicY' | 'loss';
export type EpochField = 'testAccuracy' | 'trainAccuracy' | 'loss' | 'seconds';

/** One drawn line: which series it belongs to, and whether it is the raw values or their smoothing. */
export interface LineSpec {
  /** Stable across updates: what a legend toggle and a colour are keyed on. */
  readonly seriesKey: string;
  readonly label: string;
  readonly role: 'raw' | 'smoothed' | 'value';
  /** Index in the chart's colour order. */
  readonly colorIndex: number;
  readonly stats: SeriesStats;
}

export interface ChartData {
  /** uPlot's aligned data: x, then one array per line. */
  readonly data: uPlot.AlignedData;
  readonly lines: LineSpec[];
}

/**
 * Per-layer values against batch, one raw line (drawn faint) and one smoothed line per layer, on a shared
 * x axis of batch steps. Layers missing a batch get null there (no line is drawn through it).
 */
export function layerChartData(layers: readonly LayerSeries[], field: LayerField, smoothing: number): ChartData {
  const steps = layers.reduce((max, s) => Math.max(max, s.steps.length === 0 ? 0 : s.steps[s.steps.length - 1] + 1), 0);
  const x = Array.from({ length: steps }, (_, i) => i);
  const multipleNets = new Set(layers.map((s) => s.net)).size > 1;
  const data: (number | null)[][] = [];
  const lines: LineSpec[] = [];
  layers.forEach((series, index) => {
    const raw: (number | null)[] = new Array(steps).fill(null);
    const values = series[field];
    for (let i = 0; i < series.steps.length; i++) raw[series.steps[i]] = values[i];
    const label = layerLabel(series, multipleNets);
    const stats = seriesStats(values);
    data.push(raw);
    lines.push({ seriesKey: series.key, label: `${label} (raw)`, role: 'raw', colorIndex: index, stats });
    if (smoothing > 0) {
      data.push(smooth(raw, smoothing));
      lines.push({ seriesKey: series.key, label, role: 'smoothed', colorIndex: index, stats });
    }
  });
  return { data: [x, ...data] as uPlot.AlignedData, lines };
}

const PHASE_LABEL: Readonly<Record<Phase, string>> = { HSIC: 'HSIC', FORMAT: 'format', BACKPROP: 'backprop' };

export function phaseLabel(phase: Phase, net: number, multipleNets: boolean): string {
  return multipleNets ? `${PHASE_LABEL[phase]} net ${net + 1}` : PHASE_LABEL[phase];
}

/**
 * Per-epoch values of every phase on one epoch axis (0 = before training). Phases without a value for the
 * field (HSIC has no train accuracy) are left out.
 */
export function epochChartData(summaries: readonly EpochSeries[], field: EpochField): ChartData {
  const withValues = summaries.filter((s) => s[field].some((v) => v !== null));
  const epochs = [...new Set(withValues.flatMap((s) => s.epochs))].sort((a, b) => a - b);
  const position = new Map(epochs.map((epoch, i) => [epoch, i]));
  const multipleNets = new Set(summaries.map((s) => s.net)).size > 1;
  const data: (number | null)[][] = [];
  const lines: LineSpec[] = [];
  withValues.forEach((summary) => {
    const values: (number | null)[] = new Array(epochs.length).fill(null);
    summary.epochs.forEach((epoch, i) => (values[position.get(epoch)!] = summary[field][i]));
    data.push(values);
    const seriesKey = `${summary.phase}|${summary.net}`;
    lines.push({ seriesKey, label: phaseLabel(summary.phase, summary.net, multipleNets), role: 'value', colorIndex: PHASES_ORDER[summary.phase] * 3 + summary.net, stats: seriesStats(summary[field]) });
  });
  return { data: [epochs, ...data] as uPlot.AlignedData, lines };
}

const PHASES_ORDER: Readonly<Record<Phase, number>> = { HSIC: 0, FORMAT: 1, BACKPROP: 2 };

/** One series of one run, on an x of its own (fractional epochs), for overlaying runs. */
export interface OverlaySeries {
  readonly seriesKey: string;
  readonly label: string;
  readonly x: readonly number[];
  readonly y: readonly (number | null)[];
  readonly colorIndex: number;
}

/**
 * Series with different x values (runs with other batch sizes, epochs of other phases) on one x axis:
 * uPlot.join puts nulls where a series has no value, so each line is drawn only through its own points.
 */
export function overlayChartData(series: readonly OverlaySeries[], smoothing: number): ChartData {
  if (series.length === 0) return { data: [[]] as unknown as uPlot.AlignedData, lines: [] };
  const tables = series.map((s) => [Array.from(s.x), Array.from(s.y)] as uPlot.AlignedData);
  const joined = uPlot.join(tables);
  const data: (number | null)[][] = [];
  const lines: LineSpec[] = [];
  series.forEach((s, i) => {
    const column = Array.from(joined[i + 1] as ArrayLike<number | null | undefined>, (v) => (v === undefined ? null : v));
    const stats = seriesStats(s.y);
    data.push(column);
    lines.push({ seriesKey: s.seriesKey, label: smoothing > 0 ? `${s.label} (raw)` : s.label, role: smoothing > 0 ? 'raw' : 'value', colorIndex: s.colorIndex, stats });
    if (smoothing > 0) {
      data.push(smoothSparse(column, smoothing));
      lines.push({ seriesKey: s.seriesKey, label: s.label, role: 'smoothed', colorIndex: s.colorIndex, stats });
    }
  });
  return { data: [joined[0], ...data] as uPlot.AlignedData, lines };
}

/** Smooths only the positions that hold values (joined columns are mostly gaps). */
function smoothSparse(column: readonly (number | null)[], weight: number): (number | null)[] {
  const positions: number[] = [];
  const values: (number | null)[] = [];
  column.forEach((v, i) => {
    if (v !== null) {
      positions.push(i);
      values.push(v);
    }
  });
  const smoothed = smooth(values, weight);
  const out: (number | null)[] = new Array(column.length).fill(null);
  positions.forEach((p, i) => (out[p] = smoothed[i]));
  return out;
}
