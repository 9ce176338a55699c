import type { TopLevelSpec } from 'vega-lite';
import type { ExperimentRun, FigureOptions, PaperFigure, Presentation, RunResult } from '../paper-figure.js';
import { hsicSolveRuns } from './hsic-solve.js';
import { PAPER_DATASET_NAMES, paperDatasetOf, type PaperDataset } from './paper-datasets.js';

/** Class c → the output unit it concentrates on, read off the paper's Fig. 3 (HSIC.md §4.2). */
const PAPER_UNITS: Record<PaperDataset, readonly number[]> = {
  mnist: [7, 6, 5, 4, 3, 2, 8, 1, 0, 9],
  'fashion-mnist': [6, 4, 0, 2, 8, 9, 3, 7, 5, 1],
  cifar10: [1, 0, 7, 3, 4, 8, 6, 5, 2, 9],
};

interface UnitBar {
  readonly series: string;
  readonly unit: number;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** One small panel per class: each output unit's mean over the class's test samples, ± one standard deviation. */
function classOutputChart(title: string, bars: readonly UnitBar[]): TopLevelSpec {
  const x = { field: 'unit', type: 'ordinal', title: 'output unit' } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'bars: mean output of each unit over the class’s test samples; whiskers: ± one standard deviation' },
    background: 'white',
    data: { values: bars.map((b) => ({ ...b })) },
    facet: { field: 'series', type: 'nominal', title: null, sort: [...new Set(bars.map((b) => b.series))] },
    columns: 5,
    spec: {
      width: 150,
      height: 110,
      layer: [
        { mark: { type: 'bar', color: '#4c78a8' }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'output' } } },
        { mark: { type: 'rule', color: '#333' }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
      ],
    },
  };
}

const argmax = (values: readonly number[]) => values.indexOf(Math.max(...values));
const times = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '∞ (the other units are silent)');

/** Fig. 3: the 10-wide output of the unformatted HSIC net, per class: one unit per class, in an order of its own. */
export const CLASS_DISTRIBUTION_FIGURE: PaperFigure = {
  id: 'class-distribution',
  title: 'Output of the unformatted HSIC net per class',
  paperReference: 'Fig. 3 of the AAAI paper (assets fig3-layer5-hsic-solve-actdist-*)',
  paperDataset: 'mnist',
  comparedWith: (dataset) => paperDatasetOf(dataset),
  runs(options: FigureOptions): ExperimentRun[] {
    return [hsicSolveRuns(options, 5).hsic];
  },
  present(results: readonly RunResult[], options: FigureOptions): Presentation {
    const [result] = results;
    const stats = result.classOutputs;
    if (!stats) throw new Error(`run ${result.id} kept no per-class outputs (it is not an unformatted net)`);
    const paperUnits = PAPER_UNITS[paperDatasetOf(options.dataset)];
    const bars = stats.mean.flatMap((row, c) => row.map((mean, unit) => ({ series: `class ${c}`, unit, mean, low: mean - stats.std[c][unit], high: mean + stats.std[c][unit] })));
    const units = stats.mean.map(argmax);
    const distinct = new Set(units).size === units.length;
    // How far a class's own unit stands out: its mean over the largest mean among the class's other units.
    const margins = stats.mean.map((row, c) => row[units[c]] / Math.max(...row.filter((_, u) => u !== units[c])));
    const paperName = PAPER_DATASET_NAMES[paperDatasetOf(options.dataset)];
    return {
      chart: classOutputChart(`${CLASS_DISTRIBUTION_FIGURE.title}${options.quick ? ' (quick)' : ''} (${result.dataset}, test set)`, bars),
      table: {
        header: ['class', 'ours: its strongest unit', 'its mean there over its next-strongest unit', `paper (${paperName}): its unit`],
        rows: units.map((unit, c) => [`class ${c}`, `${unit}`, times(margins[c]), `${paperUnits[c]}`]),
      },
      findings: [
        `Every class concentrates on a unit of its own, a permuted one-hot code as in the paper: ${distinct ? 'yes' : `no (${units.length - new Set(units).size} units shared)`}; the order is the net's own (ours ${units.join(', ')}; the paper's ${paperUnits.join(', ')}).`,
        `A class's own unit averages ${times(Math.min(...margins))} to ${times(Math.max(...margins))} its next-strongest unit.`,
      ],
    };
  },
};
