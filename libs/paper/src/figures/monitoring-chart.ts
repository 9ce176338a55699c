import type { TopLevelSpec } from 'vega-lite';

export interface MonitoringPoint {
  /** 1-based training step (batch) of the run. */
  readonly step: number;
  /** What is plotted: one panel each. */
  readonly metric: string;
  readonly value: number;
  /** The net (the colour). */
  readonly series: string;
  /** Ours on which data, or the paper's (drawn as dots: only its first and last values are known). */
  readonly source: string;
}

/** One panel per metric over the training steps, one colour per net; the paper's known values as dots. */
export function monitoringChart(title: string, subtitle: string, metrics: readonly string[], points: readonly MonitoringPoint[], paperSource: string): TopLevelSpec {
  const series = [...new Set(points.map((p) => p.series))];
  const color = { field: 'series', type: 'nominal', title: null, sort: series, legend: { labelLimit: 400 } } as const;
  const x = { field: 'step', type: 'quantitative', title: 'training step (batch)' } as const;
  const y = { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle },
    background: 'white',
    data: { values: points.map((p) => ({ ...p })) },
    facet: { row: { field: 'metric', type: 'nominal', title: null, sort: [...metrics], header: { labelAngle: 0, labelAlign: 'left', labelOrient: 'top' } } },
    spec: {
      width: 480,
      height: 150,
      layer: [
        { transform: [{ filter: { not: { field: 'source', equal: paperSource } } }], mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color } },
        {
          transform: [{ filter: { field: 'source', equal: paperSource } }],
          mark: { type: 'point', filled: true, size: 60, shape: 'diamond' },
          encoding: { x, y, color, tooltip: [{ field: 'source' }, { field: 'value', format: '.2f' }] },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}
