import { z } from 'zod';

/** Names that are safe in URLs and file names: 'mnist-digits', 'fashion_v2'. */
export const modelNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" or "-", starting with a letter or digit, at most 100');
export const aliasNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,49}$/, 'lower-case letters, digits, "_" or "-", starting with a letter, at most 50');

export const DEFAULT_ALIAS = 'production';

/** Which classifier a version holds: HSIC + formatted readout, HSIC unformatted (class-wide last layer), or backprop. */
export const MODEL_VERSION_KINDS = ['format', 'unformatted', 'backprop'] as const;
export const modelVersionKindSchema = z.enum(MODEL_VERSION_KINDS);
export type ModelVersionKind = z.infer<typeof modelVersionKindSchema>;

export const ALIAS_EVENT_REASONS = ['promote', 'rollback', 'schedule'] as const;
export const aliasEventReasonSchema = z.enum(ALIAS_EVENT_REASONS);
export type AliasEventReason = z.infer<typeof aliasEventReasonSchema>;

export const modelSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.coerce.date(),
  /** Highest version number, null when the model has no versions yet. */
  latestVersion: z.number().int().nullable(),
  /** alias → version number */
  aliases: z.record(z.string(), z.number().int()),
});
export type Model = z.infer<typeof modelSchema>;

export const modelVersionSchema = z.object({
  id: z.string(),
  modelName: z.string(),
  version: z.number().int().positive(),
  runId: z.string().nullable(),
  checkpointId: z.string(),
  kind: modelVersionKindSchema,
  testAccuracy: z.number(),
  datasetName: z.string(),
  createdAt: z.coerce.date(),
  /** Aliases pointing at this version. */
  aliases: z.array(z.string()),
});
export type ModelVersion = z.infer<typeof modelVersionSchema>;

export const modelAliasSchema = z.object({
  modelName: z.string(),
  alias: z.string(),
  versionId: z.string(),
  version: z.number().int(),
  updatedAt: z.coerce.date(),
});
export type ModelAlias = z.infer<typeof modelAliasSchema>;

export const aliasEventSchema = z.object({
  id: z.number().int(),
  modelName: z.string(),
  alias: z.string(),
  fromVersionId: z.string().nullable(),
  fromVersion: z.number().int().nullable(),
  toVersionId: z.string(),
  toVersion: z.number().int(),
  reason: aliasEventReasonSchema,
  /** Who moved it: an API key's name, or `schedule <name>`; null for moves made before that was recorded. */
  actor: z.string().nullable().default(null),
  createdAt: z.coerce.date(),
});
export type AliasEvent = z.infer<typeof aliasEventSchema>;

/** Which version to use: an explicit version, an alias, or (neither) the latest. */
export const modelRefSchema = z
  .object({
    name: z.string().min(1),
    version: z.coerce.number().int().positive().optional(),
    alias: z.string().min(1).optional(),
  })
  .refine((ref) => ref.version === undefined || ref.alias === undefined, {
    message: 'give a version or an alias, not both',
    path: ['alias'],
  });
export type ModelRef = z.infer<typeof modelRefSchema>;
