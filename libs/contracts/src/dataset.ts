import { z } from 'zod';

export const imageShapeSchema = z.object({
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  channels: z.number().int().positive(),
});

export const datasetSchema = z.object({
  name: z.string(),
  description: z.string(),
  trainCount: z.number().int(),
  testCount: z.number().int(),
  shape: imageShapeSchema,
  classNames: z.array(z.string()),
  createdAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
});
export type Dataset = z.infer<typeof datasetSchema>;
