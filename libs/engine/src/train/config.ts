import { z } from 'zod';
import { DATASET_NAMES } from '@hsic/data';
import { ACTIVATIONS } from '../model/activation.js';
import { INITIALIZERS } from '../model/init.js';
import { checkMlpWidthForm, mlpWidthFields } from '../model/architecture.js';

const positiveInt = (max: number) => z.number().int().positive().max(max);

export const hsicPhaseSchema = z.object({
  epochs: z.number().int().min(0).max(10_000),
  batchSize: z.number().int().min(2).max(8192),
  learningRate: z.number().positive().max(100),
  /** Kernel scale factor (bandwidth σ·√d). Several values train a σ-combined ensemble. */
  sigma: z.union([z.number().positive().max(1000), z.array(z.number().positive().max(1000)).min(1).max(16)]),
  /** Weight of nHSIC(Y, Z) against nHSIC(X, Z). */
  beta: z.number().min(0).max(1e6),
  /** Ridge factor: λ = ε·m. */
  epsilon: z.number().positive().max(1).default(1e-5),
  weightDecay: z.number().min(0).max(10).default(1e-3),
  momentum: z.number().min(0).lt(1).default(0),
  /**
   * 'sequential' is the reference: within a minibatch each block is stepped after the blocks below
   * it, on a fresh forward pass. 'parallel' steps every block from one forward pass (a deviation).
   */
  schedule: z.enum(['sequential', 'parallel']).default('sequential'),
  /**
   * 'reference' feeds BatchNorm running statistics from all L+1 forward passes per minibatch, as the
   * reference does (format-training depends on them); 'single-pass' from the first pass only.
   */
  runningStats: z.enum(['reference', 'single-pass']).default('reference'),
  /** Memory budget for caching per-batch kernel targets across unshuffled epochs (counted in the run's memory estimate). */
  targetCacheMegabytes: z.number().min(0).max(65_536).default(1024),
});

const readoutPhaseBase = {
  epochs: z.number().int().min(0).max(10_000),
  batchSize: z.number().int().min(1).max(65_536),
  learningRate: z.number().positive().max(100),
  momentum: z.number().min(0).lt(1).default(0),
};

export const formatPhaseSchema = z.object({ ...readoutPhaseBase, weightDecay: z.number().min(0).max(10).default(1e-3) });
export const backpropPhaseSchema = z.object({
  ...readoutPhaseBase,
  weightDecay: z.number().min(0).max(10).default(1e-5),
  /** Also measure every block's nHSIC every this many batches (0: never); costs one solve per block. */
  monitorEvery: z.number().int().min(0).max(1_000_000).default(0),
  monitorSigma: z.number().positive().max(1000).default(5),
  /** Which blocks monitoring measures: every block, or the last alone (what the paper's Fig. 2 plots, at a fraction of the cost). */
  monitorLayers: z.enum(['all', 'last']).default('all'),
});

export const modelSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('mlp'),
      ...mlpWidthFields,
      activation: z.enum(ACTIVATIONS).default('relu'),
      init: z.enum(INITIALIZERS).default('pytorch'),
    })
    .superRefine(checkMlpWidthForm),
  z.object({
    kind: z.literal('resconv'),
    channels: positiveInt(512).default(64),
    residualBlocks: z.number().int().min(0).max(50).default(5),
    denseWidth: positiveInt(16384).default(512),
    activation: z.enum(ACTIVATIONS).default('relu'),
    init: z.enum(INITIALIZERS).default('pytorch'),
  }),
]);

export const dataSchema = z.object({
  dataset: z.enum(DATASET_NAMES),
  limitTrain: z.number().int().positive().max(100_000_000).optional(),
  limitTest: z.number().int().positive().max(100_000_000).optional(),
  /** Where the dataset's files are (CLI); the API refuses it (a caller must not choose server paths). */
  dataDir: z.string().max(4096).optional(),
});

export const trainingConfigSchema = z.object({
  data: dataSchema,
  model: modelSchema,
  hsic: hsicPhaseSchema.optional(),
  format: formatPhaseSchema.optional(),
  backprop: backpropPhaseSchema.optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1234),
  /** Reshuffle batches every epoch; the reference trains unshuffled. */
  shuffle: z.boolean().default(false),
});

export type HsicPhaseSettings = z.infer<typeof hsicPhaseSchema>;
export type FormatPhaseSettings = z.infer<typeof formatPhaseSchema>;
export type BackpropPhaseSettings = z.infer<typeof backpropPhaseSchema>;
export type ModelSettings = z.infer<typeof modelSchema>;
export type TrainingConfig = z.infer<typeof trainingConfigSchema>;
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;

export class InvalidConfigError extends Error {
  constructor(readonly issues: readonly { path: string; message: string }[]) {
    super(`invalid training config: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidConfigError';
  }
}

/** Validates untrusted input (CLI flags, GraphQL, a JSON file) into a complete config. */
export function parseTrainingConfig(input: unknown): TrainingConfig {
  const result = trainingConfigSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidConfigError(result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return result.data;
}

export function sigmasOf(settings: HsicPhaseSettings): number[] {
  return Array.isArray(settings.sigma) ? settings.sigma : [settings.sigma];
}
