import type { DatasetName } from '@hsic/data';
import type { EpochEvent, TrainingConfigInput } from '@hsic/engine';
import type { ExperimentRun, FigureOptions, RunResult } from '../paper-figure.js';
import { QUICK_DATA, scaleEpochs } from './format-after-hsic.js';
import { paperDatasetOf, type PaperDataset } from './paper-datasets.js';

/** Hidden layers of the hsic-solve nets the paper runs: its "layer5" net (7 weight layers) and the 50-layer one. */
export type HsicSolveDepth = 5 | 50;

/** The reference's β of the hsicsolve-beta script by depth and data (HSIC.md §2.1). */
const BETA: Record<HsicSolveDepth, Record<PaperDataset, number>> = {
  5: { mnist: 200, 'fashion-mnist': 1000, cifar10: 2500 },
  50: { mnist: 2500, 'fashion-mnist': 1000, cifar10: 500 },
};

/**
 * The hsicsolve-beta script (`-lr 0.001 -s 6 -dt 5`): MLP 1024 wide ending in a 10-wide block read unformatted,
 * batch 256, HSIC lr 1e-3, σ 6; its backprop net ends 1024 wide plus the readout, lr 0.05 (5 layers) or 0.01 (50).
 */
function hsicSolveConfigs(dataset: DatasetName, depth: HsicSolveDepth) {
  const model = { kind: 'mlp', hiddenWidth: 1024, hiddenLayers: depth, activation: 'relu', init: 'pytorch' } as const;
  const data = { dataset };
  return {
    hsic: {
      data, model: { ...model, lastWidth: 10 },
      hsic: { epochs: 5, batchSize: 256, learningRate: 1e-3, sigma: 6, beta: BETA[depth][paperDatasetOf(dataset)], runningStats: 'single-pass' },
    },
    backprop: { data, model: { ...model, lastWidth: 1024 }, backprop: { epochs: 5, batchSize: 256, learningRate: depth === 5 ? 0.05 : 0.01 } },
  } satisfies Record<string, TrainingConfigInput>;
}

/** A seconds-long version: a few hundred samples, nets 64 wide, two epochs. */
function quick(config: TrainingConfigInput): TrainingConfigInput {
  const model = config.model.kind === 'mlp' ? { ...config.model, hiddenWidth: 64, lastWidth: Math.min(config.model.lastWidth ?? 64, 64) } : config.model;
  return {
    ...config, data: { ...config.data, ...QUICK_DATA }, model,
    ...(config.hsic ? { hsic: { ...config.hsic, epochs: 2, batchSize: 128 } } : {}),
    ...(config.backprop ? { backprop: { ...config.backprop, epochs: 2, batchSize: 128 } } : {}),
  };
}

/** The unformatted HSIC net and its backprop baseline at one depth, as runs of a figure. */
export function hsicSolveRuns(options: FigureOptions, depth: HsicSolveDepth): { hsic: ExperimentRun; backprop: ExperimentRun } {
  const configs = hsicSolveConfigs(options.dataset, depth);
  const shape = (config: TrainingConfigInput) => (options.quick ? quick(config) : scaleEpochs(config, options.epochScale));
  return {
    hsic: { id: `hsic-${depth}`, label: `HSIC, unformatted, ${depth} layers`, phases: ['hsic'], config: shape(configs.hsic) },
    backprop: { id: `backprop-${depth}`, label: `backprop, ${depth} layers`, phases: ['backprop'], config: shape(configs.backprop) },
  };
}

const unformattedEpochs = (epochs: readonly EpochEvent[]) => epochs.filter((e) => e.phase === 'hsic' && e.unformatted).sort((a, b) => a.epoch - b.epoch);

/** Test accuracy (%) per HSIC epoch as the reference reads it (its batches' own statistics, mapping fitted on test). */
export const unformattedAccuracy = (result: RunResult) => unformattedEpochs(result.epochs).map((e) => 100 * e.unformatted!.sameSplit);

/** The same with the mapping fitted on the training set, the honest number. */
export const trainFittedAccuracy = (result: RunResult) => unformattedEpochs(result.epochs).map((e) => 100 * e.unformatted!.trainFitted);

/** Test accuracy (%) before backprop and after each of its epochs. */
export const backpropAccuracy = (result: RunResult) =>
  result.epochs.filter((e) => e.phase === 'backprop' && e.testAccuracy !== undefined).sort((a, b) => a.epoch - b.epoch).map((e) => 100 * e.testAccuracy!);
