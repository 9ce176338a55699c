import type { EpochEvent, TrainingConfigInput } from '@hsic/engine';
import type { ExperimentRun, FigureOptions, PaperFigure, Presentation, RunResult } from '../paper-figure.js';
import { formatDuration, formatPercent } from '../figure-markdown.js';
import { accuracyChart, type AccuracyPoint } from './accuracy-chart.js';

/** One net of a format-after-HSIC figure: its config, and the paper's test accuracy after format epochs 1 and 5 (%). */
export interface FormatVariant {
  readonly id: string;
  readonly label: string;
  readonly paper: readonly [first: number, last: number];
  readonly config: TrainingConfigInput;
}

/** A tiny version of a config: a few hundred samples, an epoch or two (the variants keep what tells them apart). */
export type Shrink = (config: TrainingConfigInput, variant: FormatVariant) => TrainingConfigInput;

export interface FormatFigureSpec {
  readonly id: string;
  readonly title: string;
  readonly paperReference: string;
  readonly variants: readonly FormatVariant[];
  readonly shrink: Shrink;
  /** Sentences the figure's numbers answer (e.g. "is the combined net the best?"), from this run's results. */
  readonly findings: (accuracy: ReadonlyMap<string, FormatAccuracy>) => string[];
}

/** Test accuracy (%) before format training and after each of its epochs. */
export interface FormatAccuracy {
  readonly byEpoch: readonly number[];
  readonly first: number;
  readonly last: number;
}

export const QUICK_DATA = { limitTrain: 512, limitTest: 256 } as const;

/** `scale` of our epochs make one of the paper's: `first` is after the first of the paper's epochs. */
export function formatAccuracy(epochs: readonly EpochEvent[], scale = 1): FormatAccuracy {
  const byEpoch = epochs.filter((e) => e.phase === 'format' && e.testAccuracy !== undefined).sort((a, b) => a.epoch - b.epoch).map((e) => 100 * (e.testAccuracy ?? 0));
  if (byEpoch.length < 2) throw new Error('the run has no format epochs to show');
  return { byEpoch, first: byEpoch[Math.min(Math.round(scale), byEpoch.length - 1)], last: byEpoch[byEpoch.length - 1] };
}

/** The same SGD steps on a smaller set: every epoch count times `scale`, rounded. */
export function scaleEpochs(config: TrainingConfigInput, scale: number): TrainingConfigInput {
  if (scale === 1) return config;
  const times = (epochs: number) => Math.max(1, Math.round(epochs * scale));
  return {
    ...config,
    ...(config.hsic ? { hsic: { ...config.hsic, epochs: times(config.hsic.epochs) } } : {}),
    ...(config.format ? { format: { ...config.format, epochs: times(config.format.epochs) } } : {}),
    ...(config.backprop ? { backprop: { ...config.backprop, epochs: times(config.backprop.epochs) } } : {}),
  };
}

/** HSIC training, then a readout trained on the frozen net (format), for each variant: the paper's Figs. 5 and 6. */
export function formatAfterHsicFigure(spec: FormatFigureSpec): PaperFigure {
  return {
    id: spec.id,
    title: spec.title,
    paperReference: spec.paperReference,
    paperDataset: 'mnist',
    runs(options: FigureOptions): ExperimentRun[] {
      return spec.variants.map((variant) => {
        const base = options.quick ? spec.shrink(variant.config, variant) : scaleEpochs(variant.config, options.epochScale);
        return { id: variant.id, label: variant.label, phases: ['hsic', 'format'], config: { ...base, data: { ...base.data, dataset: options.dataset } } };
      });
    },
    present(results: readonly RunResult[], options: FigureOptions): Presentation {
      const scale = options.quick ? 1 : options.epochScale;
      const accuracy = new Map(results.map((r) => [r.id, formatAccuracy(r.epochs, scale)]));
      const points: AccuracyPoint[] = [];
      for (const result of results) {
        const variant = spec.variants.find((v) => v.id === result.id);
        const ours = accuracy.get(result.id);
        if (!variant || !ours) continue;
        ours.byEpoch.forEach((value, epoch) => points.push({ epoch: epoch / scale, accuracy: value, series: variant.label, source: `ours (${result.dataset})` }));
        points.push({ epoch: 1, accuracy: variant.paper[0], series: variant.label, source: 'paper (MNIST)' });
        points.push({ epoch: 5, accuracy: variant.paper[1], series: variant.label, source: 'paper (MNIST)' });
      }
      const hsicSeconds = (r: RunResult) => r.epochs.filter((e) => e.phase === 'hsic').reduce((s, e) => s + e.seconds, 0);
      const formatEpochs = results[0] ? accuracy.get(results[0].id)!.byEpoch.length - 1 : 0;
      const ourEpoch = (paperEpochs: number) => (scale === 1 ? `epoch ${paperEpochs}` : `epoch ${Math.round(paperEpochs * scale)} (${paperEpochs} of the paper's)`);
      return {
        chart: accuracyChart(`${spec.title}${options.quick ? ' (quick)' : ''}`, scale === 1 ? 'format epoch' : `format epoch of the paper (${scale} of ours: the same SGD steps)`, points),
        table: {
          header: ['net', `ours: after format ${ourEpoch(1)}`, `ours: after ${ourEpoch(Math.round(formatEpochs / scale))}`, 'paper: epoch 1', 'paper: epoch 5', 'HSIC training time'],
          rows: results.map((r) => {
            const variant = spec.variants.find((v) => v.id === r.id)!;
            const ours = accuracy.get(r.id)!;
            return [r.label, formatPercent(ours.first), formatPercent(ours.last), formatPercent(variant.paper[0]), formatPercent(variant.paper[1]), formatDuration(hsicSeconds(r))];
          }),
        },
        findings: spec.findings(accuracy),
      };
    },
  };
}
