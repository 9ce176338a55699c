import type { TopLevelSpec } from 'vega-lite';

export interface AccuracyPoint {
  readonly epoch: number;
  /** Percent. */
  readonly accuracy: number;
  /** The net or method (the colour). */
  readonly series: string;
  /** Whose number: ours on which data, or the paper's (the dash). */
  readonly source: string;
}

/** Test accuracy per epoch, one colour per net, ours solid and the paper's dashed, on one chart. */
export function accuracyChart(title: string, xTitle: string, points: readonly AccuracyPoint[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 480,
    height: 300,
    background: 'white',
    data: { values: points.map((p) => ({ ...p })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: xTitle, axis: { tickMinStep: 1 } },
      y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy (%)', scale: { zero: false } },
      // Legends in the order the figure lists its nets, lines (not dots) as symbols, labels never cut.
      color: { field: 'series', type: 'nominal', title: null, sort: [...new Set(points.map((p) => p.series))], legend: { symbolType: 'stroke', labelLimit: 400 } },
      strokeDash: { field: 'source', type: 'nominal', title: null, legend: { symbolType: 'stroke', labelLimit: 400, encoding: { symbols: { stroke: { value: '#444' } } } } },
      detail: { field: 'source' },
    },
  };
}
