import { z } from 'zod';
import { ACTIVATIONS } from './activation.js';
import { INITIALIZERS } from './init.js';

const inputShape = z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]);

export const mlpArchitectureSchema = z.object({
  kind: z.literal('mlp'),
  /** Per-sample [height, width, channels]; flattened at the first layer. */
  inputShape,
  hiddenWidth: z.number().int().positive().max(16384),
  /** The reference's n_layers: blocks between the first and the last; 5 gives 7 HSIC blocks. */
  hiddenLayers: z.number().int().min(0).max(200),
  /** Width of the last HSIC block; 10 enables the unformatted (permutation) readout. */
  lastWidth: z.number().int().positive().max(16384),
  activation: z.enum(ACTIVATIONS),
  classes: z.number().int().min(2).max(1000),
  init: z.enum(INITIALIZERS),
});

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
  return architecture.kind === 'mlp' ? architecture.hiddenLayers + 2 : architecture.residualBlocks + 2;
}
