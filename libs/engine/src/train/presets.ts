import type { TrainingConfigInput } from './config.js';

/** The reference's residual conv net and the lr 0.01 its resconv configs use for HSIC, format and backprop alike (batch 512). */
const RESCONV = {
  model: { kind: 'resconv', channels: 64, residualBlocks: 5, denseWidth: 512, activation: 'relu', init: 'pytorch' },
  hsic: { epochs: 5, batchSize: 512, learningRate: 0.01, sigma: 5 },
  format: { epochs: 5, batchSize: 512, learningRate: 0.01 },
  backprop: { epochs: 5, batchSize: 512, learningRate: 0.01 },
} as const;

/**
 * Named configurations. The reference's are copied from its configs (HSIC.md §2.1); 'mnist-10k'
 * is this project's main job on the embedded digits.
 */
export const PRESETS = {
  /** The reference's general-* configs on Fashion-MNIST: MLP 784-128×7, σ 5, β 50. */
  'general-fmnist': {
    data: { dataset: 'fashion-mnist' },
    model: { kind: 'mlp', hiddenWidth: 128, hiddenLayers: 5, lastWidth: 128, activation: 'relu', init: 'pytorch' },
    hsic: { epochs: 5, batchSize: 512, learningRate: 1e-4, sigma: 5, beta: 50 },
    format: { epochs: 5, batchSize: 256, learningRate: 5e-3 },
    backprop: { epochs: 5, batchSize: 256, learningRate: 1e-3 },
  },
  /** The same on MNIST (the reference's sample figure: 94.0 % after format). */
  'general-mnist': {
    data: { dataset: 'mnist' },
    model: { kind: 'mlp', hiddenWidth: 128, hiddenLayers: 5, lastWidth: 128, activation: 'relu', init: 'pytorch' },
    hsic: { epochs: 5, batchSize: 512, learningRate: 1e-4, sigma: 5, beta: 50 },
    format: { epochs: 5, batchSize: 256, learningRate: 5e-3 },
    backprop: { epochs: 5, batchSize: 256, learningRate: 1e-3 },
  },
  /** hsic-solve, unformatted: width 1024, last block 10 wide, σ 6, β 1000 (Fig. 4, Fashion-MNIST). */
  'hsic-solve-fmnist': {
    data: { dataset: 'fashion-mnist' },
    model: { kind: 'mlp', hiddenWidth: 1024, hiddenLayers: 5, lastWidth: 10, activation: 'relu', init: 'pytorch' },
    hsic: { epochs: 5, batchSize: 256, learningRate: 1e-3, sigma: 6, beta: 1000, runningStats: 'single-pass' },
    backprop: { epochs: 5, batchSize: 256, learningRate: 0.05 },
  },
  /**
   * The main job: the whole pipeline on the 10,000 embedded MNIST digits (8,000 train / 2,000 test).
   * The set is small, so HSIC steps are larger than the reference's (lr 1e-3, β 500, batch 256);
   * the backprop baseline uses the same architecture, initialisation and seed.
   */
  'mnist-10k': {
    data: { dataset: 'mnist-10k' },
    model: { kind: 'mlp', hiddenWidth: 128, hiddenLayers: 5, lastWidth: 128, activation: 'relu', init: 'pytorch' },
    hsic: { epochs: 5, batchSize: 256, learningRate: 1e-3, sigma: 5, beta: 500 },
    format: { epochs: 10, batchSize: 128, learningRate: 0.01 },
    backprop: { epochs: 10, batchSize: 128, learningRate: 0.01 },
  },
  /** σ-combined (Fig. 6b): three nets at σ 1, 5, 10, averaged before one readout. */
  'sigma-combined': {
    data: { dataset: 'mnist-10k' },
    model: { kind: 'mlp', hiddenWidth: 128, hiddenLayers: 5, lastWidth: 64, activation: 'relu', init: 'pytorch' },
    hsic: { epochs: 5, batchSize: 512, learningRate: 1e-4, sigma: [1, 5, 10], beta: 50 },
    format: { epochs: 4, batchSize: 512, learningRate: 0.004, momentum: 0.9, weightDecay: 1e-4 },
  },
  /**
   * The residual conv net (Fig. 7) on full MNIST, as the reference configures it. Its running BatchNorm
   * statistics are fed as the reference feeds them (L+1 passes per minibatch, twice the conv work).
   */
  resconv: { data: { dataset: 'mnist' }, ...RESCONV, hsic: { ...RESCONV.hsic, beta: 200 } },
  /**
   * The residual conv net on Fashion-MNIST (the reference's `-s 5 -ld 500`), trained on cached forward
   * passes: each block is fed the outputs of the blocks below as they stand after their update in this
   * minibatch (the reference's weights exactly; hsic-step.ts), and its running statistics once per
   * minibatch. `hsic.runningStats: reference` restores the reference's L+1 passes.
   */
  'resconv-fmnist': { data: { dataset: 'fashion-mnist' }, ...RESCONV, hsic: { ...RESCONV.hsic, beta: 500, runningStats: 'single-pass' } },
  /** The same net and settings as 'resconv' on the 10,000 embedded digits (8,000 train), on cached forward passes. */
  'resconv-mnist-10k': { data: { dataset: 'mnist-10k' }, ...RESCONV, hsic: { ...RESCONV.hsic, beta: 200, runningStats: 'single-pass' } },
  /** A seconds-long run for tests and smoke checks. */
  smoke: {
    data: { dataset: 'mnist-10k', limitTrain: 512, limitTest: 256 },
    model: { kind: 'mlp', hiddenWidth: 32, hiddenLayers: 1, lastWidth: 32, activation: 'relu', init: 'pytorch' },
    hsic: { epochs: 2, batchSize: 128, learningRate: 5e-3, sigma: 5, beta: 50 },
    format: { epochs: 5, batchSize: 64, learningRate: 0.1 },
    backprop: { epochs: 3, batchSize: 64, learningRate: 0.1 },
  },
} as const satisfies Record<string, TrainingConfigInput>;

export type PresetName = keyof typeof PRESETS;

/** One line per preset, for people choosing one (CLI help, the dashboard's run form). */
export const PRESET_DESCRIPTIONS: Readonly<Record<PresetName, string>> = {
  'general-fmnist': "The reference's general config on Fashion-MNIST: MLP 784-128×7 relu, σ 5, β 50 (paper: 83.9 %).",
  'general-mnist': "The reference's general config on full MNIST (paper sample: 94.0 % after format).",
  'hsic-solve-fmnist': 'hsic-solve, unformatted: width 1024, last block 10 wide, σ 6, β 1000, on Fashion-MNIST.',
  'mnist-10k': 'The main job: the whole pipeline on the 10,000 embedded MNIST digits (about a minute on 2 cores).',
  'sigma-combined': 'σ-combined: three nets at σ 1, 5, 10, averaged before one readout, on the embedded digits.',
  resconv: 'The residual conv net of the paper on full MNIST (98.94 % in the paper), the reference\'s running statistics; sized for GPU workers.',
  'resconv-fmnist': 'The residual conv net on Fashion-MNIST (paper: 89.05 % after format), cached forward passes; HSIC_WASM_THREADS=2 on CPU.',
  'resconv-mnist-10k': 'The residual conv net on the embedded digits, cached forward passes: an HSIC epoch in about 2.5 min on 2 CPU threads.',
  smoke: 'A seconds-long run on 512 embedded digits, for trying things out.',
};

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}
