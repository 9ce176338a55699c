import { z } from 'zod';
import { ACTIVATIONS } from './activation.js';
import { INITIALIZERS } from './init.js';

const inputShape = z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]);

const width = z.number().int().positive().max(16384);

/**
 * An MLP's block widths, in one of two forms: the reference's uniform one (hiddenWidth, hiddenLayers, lastWidth), or
 * every block's width listed (`widths`, e.g. the needle net's 256-128-64-32-16-8-1). Shared by the architecture a
 * checkpoint stores and the config a user writes.
 */
export const mlpWidthFields = {
  hiddenWidth: width.optional(),
  /** The reference's n_layers: blocks between the first and the last; 5 gives 7 HSIC blocks. */
  hiddenLayers: z.number().int().min(0).max(200).optional(),
  /** Width of the last HSIC block; 10 enables the unformatted (permutation) readout. */
  lastWidth: width.optional(),
  /** Every block's output width, first to last, instead of the three fields above. */
  widths: z.array(width).min(1).max(202).optional(),
  /** 'affine' gives each block's BatchNorm a learned scale and shift (the needle net); the reference's blocks have none. */
  batchNorm: z.enum(['plain', 'affine']).default('plain'),
};

type MlpWidthForm = { hiddenWidth?: number; hiddenLayers?: number; lastWidth?: number; widths?: number[] };

/** The refinement both schemas apply: exactly one of the two width forms, complete. */
export function checkMlpWidthForm(model: MlpWidthForm, context: z.RefinementCtx): void {
  const uniform = { hiddenWidth: model.hiddenWidth, hiddenLayers: model.hiddenLayers, lastWidth: model.lastWidth };
  const given = Object.keys(uniform).filter((k) => uniform[k as keyof typeof uniform] !== undefined);
  if (model.widths && given.length > 0) {
    context.addIssue({ code: 'custom', path: ['widths'], message: `an mlp takes either widths or hiddenWidth, hiddenLayers and lastWidth, not both (also given: ${given.join(', ')})` });
  } else if (!model.widths && given.length < 3) {
    const missing = Object.keys(uniform).filter((k) => !given.includes(k));
    context.addIssue({ code: 'custom', path: [missing[0]], message: `an mlp needs hiddenWidth, hiddenLayers and lastWidth, or widths (every block, first to last); missing: ${missing.join(', ')}` });
  }
}

/** Output width of every block of an MLP, first to last. */
export function mlpBlockWidths(model: MlpWidthForm): number[] {
  if (model.widths) return [...model.widths];
  const { hiddenWidth, hiddenLayers, lastWidth } = model;
  if (hiddenWidth === undefined || hiddenLayers === undefined || lastWidth === undefined) throw new Error('an mlp needs widths or hiddenWidth, hiddenLayers and lastWidth');
  return [...Array.from({ length: hiddenLayers + 1 }, () => hiddenWidth), lastWidth];
}

export const mlpArchitectureSchema = z
  .object({
    kind: z.literal('mlp'),
    /** Per-sample [height, width, channels]; flattened at the first layer. */
    inputShape,
    ...mlpWidthFields,
    activation: z.enum(ACTIVATIONS),
    classes: z.number().int().min(2).max(1000),
    init: z.enum(INITIALIZERS),
  })
  .superRefine(checkMlpWidthForm);

export const resconvArchitectureSchema = z.object({
  kind: z.literal('resconv'),
  inputShape,
  channels: z.number().int().positive().max(512),
  residualBlocks: z.number().int().min(0).max(50),
  denseWidth: z.number().int().positive().max(16384),
  activation: z.enum(ACTIVATIONS),
  classes: z.number().int().min(2).max(1000),
  init: z.enum(INITIALIZERS),
});

export const architectureSchema = z.discriminatedUnion('kind', [mlpArchitectureSchema, resconvArchitectureSchema]);

export type MlpArchitecture = z.infer<typeof mlpArchitectureSchema>;
export type ResconvArchitecture = z.infer<typeof resconvArchitectureSchema>;
export type Architecture = z.infer<typeof architectureSchema>;

/** Number of HSIC blocks (hidden outputs) an architecture has. */
export function blockCount(architecture: Architecture): number {
  return architecture.kind === 'mlp' ? mlpBlockWidths(architecture).length : architecture.residualBlocks + 2;
}
