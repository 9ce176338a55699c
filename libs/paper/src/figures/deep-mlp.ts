import type { ExperimentRun, FigureOptions, PaperFigure, Presentation, RunResult } from '../paper-figure.js';
import { formatDuration, formatPercent } from '../figure-markdown.js';
import { accuracyChart, type AccuracyPoint } from './accuracy-chart.js';
import { backpropAccuracy, hsicSolveRuns, trainFittedAccuracy, unformattedAccuracy, type HsicSolveDepth } from './hsic-solve.js';
import { paperDatasetOf } from './paper-datasets.js';

const DEPTHS: readonly HsicSolveDepth[] = [5, 50];

/** The paper's claim that HSIC trains very deep nets without skip connections: its 50-layer hsic-solve runs (no figure of them was published). */
export const DEEP_MLP_FIGURE: PaperFigure = {
  id: 'depth-50',
  title: 'A 50-layer MLP without skip connections: HSIC (unformatted) and backprop, beside the 5-layer one',
  paperReference: 'The AAAI abstract’s “very deep networks without skip connections” (the reference’s hsicsolve-beta script at depth 50; no published figure)',
  paperDataset: 'mnist',
  comparedWith: (dataset) => paperDatasetOf(dataset),
  runs(options: FigureOptions): ExperimentRun[] {
    return DEPTHS.flatMap((depth) => {
      const { hsic, backprop } = hsicSolveRuns(options, depth);
      return [hsic, backprop];
    });
  },
  present(results: readonly RunResult[], options: FigureOptions): Presentation {
    const scale = options.quick ? 1 : options.epochScale;
    const byId = new Map(results.map((r) => [r.id, r]));
    const points: AccuracyPoint[] = [];
    const source = `ours (${results[0].dataset})`;
    const rows = DEPTHS.map((depth) => {
      const hsic = byId.get(`hsic-${depth}`)!;
      const backprop = byId.get(`backprop-${depth}`)!;
      unformattedAccuracy(hsic).forEach((accuracy, k) => points.push({ epoch: (k + 1) / scale, accuracy, series: `HSIC, unformatted, ${depth} layers`, source }));
      backpropAccuracy(backprop).forEach((accuracy, epoch) => points.push({ epoch: epoch / scale, accuracy, series: `backprop, ${depth} layers`, source }));
      return {
        depth,
        cells: [
          `${depth}`, formatPercent(unformattedAccuracy(hsic).at(-1)), formatPercent(trainFittedAccuracy(hsic).at(-1)), formatPercent(backpropAccuracy(backprop).at(-1)),
          formatDuration(hsic.seconds), formatDuration(backprop.seconds),
        ],
        hsic: unformattedAccuracy(hsic).at(-1) ?? 0,
        backprop: backpropAccuracy(backprop).at(-1) ?? 0,
      };
    });
    const [shallow, deep] = rows;
    const drop = shallow.hsic - deep.hsic;
    return {
      chart: accuracyChart(`${DEEP_MLP_FIGURE.title}${options.quick ? ' (quick)' : ''}`, scale === 1 ? 'epoch' : `epoch of the paper (${scale} of ours: the same SGD steps)`, points),
      table: {
        header: ['hidden layers', 'HSIC, unformatted (the reference’s reading)', 'unformatted, mapping fitted on train', 'backprop', 'HSIC training time', 'backprop training time'],
        rows: rows.map((r) => r.cells),
      },
      findings: [
        `The 50-layer HSIC net ends ${Math.abs(drop).toFixed(2)} points ${drop >= 0 ? 'below' : 'above'} the 5-layer one: within a few (3) points — ${drop <= 3 ? 'yes' : 'no'}.`,
        `Backprop at the same depths (plain SGD, the reference's learning rates 0.05 and 0.01): ${formatPercent(shallow.backprop)} with 5 layers, ${formatPercent(deep.backprop)} with 50.`,
        'The paper gives no number for depth 50, so the table has no paper column; the 5-layer row is the Fig. 4 experiment.',
      ],
    };
  },
};
