import { z } from 'zod';

/** A JSON object as stored in a Json column (e.g. a TrainingConfig, validated by the engine before storing). */
export const jsonObjectSchema = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof jsonObjectSchema>;
