import type { EpochField, LayerField, OverlaySeries } from './chart-data';
import { phaseLabel } from './chart-data';
import { layerLabel, type RunMetricsView } from './run-metrics';

export interface ComparedRun {
  readonly id: string;
  /** How the run is named on the charts, e.g. "3f2a9c1d pipeline". */
  readonly label: string;
  readonly view: RunMetricsView;
}

/**
 * Every per-layer series of every run (each phase that measured layers: HSIC, and backprop when monitored)
 * on fractional epochs, so runs with other batch sizes line up.
 */
export function compareLayerSeries(runs: readonly ComparedRun[], field: LayerField): OverlaySeries[] {
  const series: OverlaySeries[] = [];
  for (const run of runs) {
    const multipleNets = new Set(run.view.layers.map((l) => l.net)).size > 1;
    for (const layer of run.view.layers) {
      if (!layer[field].some((v) => v !== null)) continue;
      series.push({
        seriesKey: `${run.id}|${layer.key}`,
        label: `${run.label} · ${phaseLabel(layer.phase, layer.net, false)} · ${layerLabel(layer, multipleNets)}`,
        x: layer.epochs,
        y: layer[field],
        colorIndex: series.length,
      });
    }
  }
  return series;
}

/** Every phase's per-epoch value of every run (test accuracy, loss, …), on the epoch axis. */
export function compareEpochSeries(runs: readonly ComparedRun[], field: EpochField): OverlaySeries[] {
  const series: OverlaySeries[] = [];
  for (const run of runs) {
    const multipleNets = new Set(run.view.epochSummaries.map((s) => s.net)).size > 1;
    for (const summary of run.view.epochSummaries) {
      if (!summary[field].some((v) => v !== null)) continue;
      series.push({
        seriesKey: `${run.id}|${summary.phase}|${summary.net}`,
        label: `${run.label} · ${phaseLabel(summary.phase, summary.net, multipleNets)}`,
        x: summary.epochs,
        y: summary[field],
        colorIndex: series.length,
      });
    }
  }
  return series;
}

export interface ConfigDifference {
  /** Dotted path in the config, e.g. `hsic.sigma`. */
  readonly path: string;
  /** The value in each run (JSON text; "—" when the run's config has no such field). */
  readonly values: readonly string[];
}

function flatten(value: unknown, prefix: string, into: Map<string, string>): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else into.set(prefix, JSON.stringify(value));
}

/** The config fields whose values differ between the runs (what MLflow's compare view calls the param diff). */
export function configDifferences(configs: readonly unknown[]): ConfigDifference[] {
  const flat = configs.map((config) => {
    const map = new Map<string, string>();
    flatten(config, '', map);
    return map;
  });
  const paths = [...new Set(flat.flatMap((map) => [...map.keys()]))].sort();
  return paths
    .map((path) => ({ path, values: flat.map((map) => map.get(path) ?? '—') }))
    .filter((difference) => new Set(difference.values).size > 1);
}
