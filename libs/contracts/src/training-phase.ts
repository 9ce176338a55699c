import { z } from 'zod';

/** The engine's training phases, in pipeline order. */
export const TRAINING_PHASES = ['hsic', 'format', 'backprop'] as const;
export const trainingPhaseSchema = z.enum(TRAINING_PHASES);
export type TrainingPhase = z.infer<typeof trainingPhaseSchema>;
