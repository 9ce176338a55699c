import type { Activation, TrainingConfigInput } from '@hsic/engine';
import type { BatchRecord, ExperimentRun, FigureOptions, PaperFigure, Presentation, RunResult } from '../paper-figure.js';
import { QUICK_DATA, scaleEpochs } from './format-after-hsic.js';
import { monitoringChart, type MonitoringPoint } from './monitoring-chart.js';

/** The paper's Fig. 2 values for one net (HSIC.md §6.2): first → last batch, and the smoothed training accuracy at the end (%). */
export interface PaperMonitoring {
  readonly nhsicX: readonly [first: number, last: number];
  readonly nhsicY: readonly [first: number, last: number];
  readonly trainAccuracy: number;
}

export interface MonitoredNet {
  readonly id: string;
  readonly label: string;
  readonly activation: Activation;
  /** Hidden layers between the first and the last (the reference's n_layers): 5 is its 7-layer net. */
  readonly depth: number;
  readonly paper: PaperMonitoring;
}

/** What a monitored run's curves say: first and last values, the last ones a trailing mean over SMOOTHING steps. */
export interface MonitoringSummary {
  readonly nhsicX: readonly [number, number];
  readonly nhsicY: readonly [number, number];
  /** Percent. */
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

export interface MonitoringFigureSpec {
  readonly id: string;
  readonly title: string;
  readonly paperReference: string;
  readonly nets: readonly MonitoredNet[];
  /** Which blocks to measure: the figure plots the last; 'last' spares deep nets a solve per block per batch. */
  readonly monitorLayers?: 'all' | 'last';
  /** Sentences the figure answers from this run's numbers, in the order of `nets`. */
  readonly findings: (summaries: readonly { net: MonitoredNet; ours: MonitoringSummary }[]) => string[];
}

/** Steps in the trailing mean that smooths the per-batch curves and gives each "last" value. */
export const SMOOTHING = 25;

const METRICS = { x: 'nHSIC(X, Z_L)', y: 'nHSIC(Y, Z_L)', accuracy: 'training accuracy (%), per batch' } as const;
const PAPER_SOURCE = 'paper (MNIST), first and last batch';

/** The reference's varied-activation / varied-depth config (HSIC.md §2.1): MLP 256/128, batch 256, backprop lr 5e-3, nHSIC at σ 5. */
function monitoredConfig(net: MonitoredNet, monitorLayers: 'all' | 'last'): TrainingConfigInput {
  return {
    data: { dataset: 'mnist' },
    model: { kind: 'mlp', hiddenWidth: 256, hiddenLayers: net.depth, lastWidth: 128, activation: net.activation, init: 'pytorch' },
    backprop: { epochs: 5, batchSize: 256, learningRate: 5e-3, monitorEvery: 1, monitorSigma: 5, monitorLayers },
  };
}

export function trailingMeans(values: readonly number[], window: number): number[] {
  let sum = 0;
  return values.map((v, i) => {
    sum += v - (i >= window ? values[i - window] : 0);
    return sum / Math.min(i + 1, window);
  });
}

function curves(batches: readonly BatchRecord[]) {
  const steps = batches.filter((b) => b.phase === 'backprop');
  const monitored = steps.filter((b) => b.nhsicX !== undefined && b.nhsicY !== undefined);
  if (monitored.length === 0) throw new Error('the run recorded no monitored batches (backprop.monitorEvery and recordBatches)');
  return {
    step: monitored.map((b) => steps.indexOf(b) + 1),
    x: monitored.map((b) => b.nhsicX!),
    y: monitored.map((b) => b.nhsicY!),
    accuracy: trailingMeans(steps.map((b) => 100 * (b.accuracy ?? 0)), SMOOTHING),
  };
}

function summarize(result: RunResult): MonitoringSummary {
  const c = curves(result.batches ?? []);
  const lastMean = (values: readonly number[]) => trailingMeans(values, SMOOTHING).at(-1)!;
  const test = result.epochs.filter((e) => e.phase === 'backprop' && e.testAccuracy !== undefined).at(-1)?.testAccuracy ?? 0;
  return { nhsicX: [c.x[0], lastMean(c.x)], nhsicY: [c.y[0], lastMean(c.y)], trainAccuracy: c.accuracy.at(-1)!, testAccuracy: 100 * test };
}

const twoDigits = (v: number) => v.toFixed(2);
const arrow = ([first, last]: readonly [number, number]) => `${twoDigits(first)} → ${twoDigits(last)}`;

/** Plain backprop, monitoring nHSIC of the last hidden layer every batch: the paper's Fig. 2. */
export function backpropMonitoringFigure(spec: MonitoringFigureSpec): PaperFigure {
  return {
    id: spec.id,
    title: spec.title,
    paperReference: spec.paperReference,
    paperDataset: 'mnist',
    runs(options: FigureOptions): ExperimentRun[] {
      return spec.nets.map((net) => {
        const full = monitoredConfig(net, spec.monitorLayers ?? 'all');
        const config = options.quick
          ? { ...full, data: { ...full.data, ...QUICK_DATA }, backprop: { ...full.backprop!, epochs: 2, batchSize: 128 } }
          : scaleEpochs(full, options.epochScale);
        return { id: net.id, label: net.label, phases: ['backprop'], recordBatches: true, config: { ...config, data: { ...config.data, dataset: options.dataset } } };
      });
    },
    present(results: readonly RunResult[], options: FigureOptions): Presentation {
      const points: MonitoringPoint[] = [];
      const summaries = results.map((result) => {
        const net = spec.nets.find((n) => n.id === result.id)!;
        const c = curves(result.batches ?? []);
        const source = `ours (${result.dataset})`;
        const smoothX = trailingMeans(c.x, SMOOTHING);
        const smoothY = trailingMeans(c.y, SMOOTHING);
        c.step.forEach((step, i) => {
          points.push({ step, metric: METRICS.x, value: smoothX[i], series: net.label, source });
          points.push({ step, metric: METRICS.y, value: smoothY[i], series: net.label, source });
        });
        c.accuracy.forEach((value, i) => points.push({ step: i + 1, metric: METRICS.accuracy, value, series: net.label, source }));
        const lastStep = c.accuracy.length;
        points.push(
          { step: 1, metric: METRICS.x, value: net.paper.nhsicX[0], series: net.label, source: PAPER_SOURCE },
          { step: lastStep, metric: METRICS.x, value: net.paper.nhsicX[1], series: net.label, source: PAPER_SOURCE },
          { step: 1, metric: METRICS.y, value: net.paper.nhsicY[0], series: net.label, source: PAPER_SOURCE },
          { step: lastStep, metric: METRICS.y, value: net.paper.nhsicY[1], series: net.label, source: PAPER_SOURCE },
          { step: lastStep, metric: METRICS.accuracy, value: net.paper.trainAccuracy, series: net.label, source: PAPER_SOURCE },
        );
        return { net, ours: summarize(result) };
      });
      const steps = results[0] ? curves(results[0].batches ?? []).accuracy.length : 0;
      return {
        chart: monitoringChart(
          `${spec.title}${options.quick ? ' (quick)' : ''}`,
          `lines: ours, ${steps} steps (${SMOOTHING}-step trailing means); diamonds: the paper's first and last values`,
          Object.values(METRICS), points, PAPER_SOURCE,
        ),
        table: {
          header: [
            'net', 'nHSIC(X, Z_L) ours: first → last', 'paper', 'nHSIC(Y, Z_L) ours', 'paper',
            'training accuracy at the end: ours', 'paper', 'test accuracy (ours)',
          ],
          rows: summaries.map(({ net, ours }) => [
            net.label, arrow(ours.nhsicX), arrow(net.paper.nhsicX), arrow(ours.nhsicY), arrow(net.paper.nhsicY),
            `${twoDigits(ours.trainAccuracy)} %`, `${twoDigits(net.paper.trainAccuracy)} %`, `${twoDigits(ours.testAccuracy)} %`,
          ]),
        },
        findings: [
          `"First" is the first batch, "last" the mean of the last ${SMOOTHING} batches; the training accuracy is per batch, averaged the same way.`,
          ...spec.findings(summaries),
        ],
      };
    },
  };
}

/** "yes" or "no", for findings that answer a question of the paper. */
export const yesNo = (holds: boolean) => (holds ? 'yes' : 'no');
