import { z } from 'zod';
import { trainingPhaseSchema } from './training-phase.js';

/** Which model of the pipeline a checkpoint holds: the HSIC-trained one, or the backprop baseline. */
export const CHECKPOINT_ROLES = ['hsic', 'backprop'] as const;
export const checkpointRoleSchema = z.enum(CHECKPOINT_ROLES);
export type CheckpointRole = z.infer<typeof checkpointRoleSchema>;

/** epoch of a final (finished-model) checkpoint. */
export const FINAL_CHECKPOINT_EPOCH = -1;

export const checkpointMetaSchema = z.object({
  id: z.string(),
  runId: z.string().nullable(),
  role: checkpointRoleSchema,
  phase: trainingPhaseSchema,
  net: z.number().int(),
  epoch: z.number().int(),
  final: z.boolean(),
  /** Null when the bytes are stored inline in the database. */
  storageUri: z.string().nullable(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.coerce.date(),
});
export type CheckpointMeta = z.infer<typeof checkpointMetaSchema>;
