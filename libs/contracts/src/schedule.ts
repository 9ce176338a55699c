import { z } from 'zod';
import { jsonObjectSchema } from './json.js';
import { aliasNameSchema, DEFAULT_ALIAS, modelNameSchema } from './model-registry.js';

export const scheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** 5-field cron expression, evaluated in UTC. */
  cron: z.string(),
  datasetName: z.string(),
  config: jsonObjectSchema,
  modelName: z.string(),
  alias: z.string(),
  enabled: z.boolean(),
  createdAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
  lastFiredAt: z.coerce.date().nullable(),
  /** API key names: who created it and who last changed it. */
  createdBy: z.string().nullable().default(null),
  updatedBy: z.string().nullable().default(null),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const scheduleNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" or "-", starting with a letter or digit, at most 100');

/** Input of "create schedule". The cron syntax and the config are checked by the caller (jobs / engine). */
const scheduleFields = {
  /** Who makes the change (an API key's name); recorded as createdBy / updatedBy. */
  actor: z.string().max(200).optional(),
  cron: z.string().trim().min(1),
  datasetName: z.string().min(1),
  config: jsonObjectSchema,
  modelName: modelNameSchema,
  alias: aliasNameSchema,
  enabled: z.boolean(),
};

export const createScheduleInputSchema = z.object({
  name: scheduleNameSchema,
  ...scheduleFields,
  alias: aliasNameSchema.default(DEFAULT_ALIAS),
  enabled: z.boolean().default(true),
});
export type CreateScheduleInput = z.input<typeof createScheduleInputSchema>;

/** Only the fields given change. No defaults here: zod's partial() keeps them, and a cron edit would re-enable a paused schedule. */
export const updateScheduleInputSchema = z.object(scheduleFields).partial();
export type UpdateScheduleInput = z.input<typeof updateScheduleInputSchema>;

export const scheduleDecisionSchema = z.object({
  id: z.string(),
  scheduleId: z.string(),
  runId: z.string().nullable(),
  tickAt: z.coerce.date(),
  candidateVersionId: z.string().nullable(),
  candidateAccuracy: z.number().nullable(),
  currentVersionId: z.string().nullable(),
  currentAccuracy: z.number().nullable(),
  promoted: z.boolean(),
  reason: z.string(),
  createdAt: z.coerce.date(),
});
export type ScheduleDecision = z.infer<typeof scheduleDecisionSchema>;
