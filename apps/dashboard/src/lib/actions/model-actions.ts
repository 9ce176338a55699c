'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import {
  CreateScheduleMutation,
  DeleteScheduleMutation,
  PromoteVersionMutation,
  RollbackAliasMutation,
  UpdateScheduleMutation,
} from '../api/documents';
import { mutate } from '../api/graphql-client';
import { attempt, badInput, type ActionResult } from './action-result';

const name = z.string().trim().min(1).max(200);

const promoteSchema = z.object({ model: name, version: z.number().int().min(1), alias: name });
const rollbackSchema = z.object({ model: name, alias: name });

/** Points the alias at the version; the API records the move in the alias history. */
export async function promoteVersion(input: unknown): Promise<ActionResult<{ alias: string; version: number }>> {
  const parsed = promoteSchema.safeParse(input);
  if (!parsed.success) return badInput(parsed.error.issues[0].message, parsed.error.issues[0].path.join('.'));
  const result = await attempt(async () => (await mutate(PromoteVersionMutation, parsed.data)).promoteVersion);
  revalidatePath(`/models/${encodeURIComponent(parsed.data.model)}`);
  return result;
}

export async function rollbackAlias(input: unknown): Promise<ActionResult<{ alias: string; version: number }>> {
  const parsed = rollbackSchema.safeParse(input);
  if (!parsed.success) return badInput(parsed.error.issues[0].message, parsed.error.issues[0].path.join('.'));
  const result = await attempt(async () => (await mutate(RollbackAliasMutation, parsed.data)).rollbackAlias);
  revalidatePath(`/models/${encodeURIComponent(parsed.data.model)}`);
  return result;
}

/** The schedule form's fields; `config` is JSON text (overrides of the preset, or a whole config). */
const scheduleFormSchema = z.object({
  name: z.string().trim(),
  cron: z.string().trim(),
  dataset: z.string().trim(),
  preset: z.string().trim(),
  alias: z.string().trim(),
  modelName: z.string().trim(),
  config: z.string(),
  enabled: z.boolean(),
});
export type ScheduleForm = z.infer<typeof scheduleFormSchema>;

function parseConfig(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `config: not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export async function createSchedule(form: unknown): Promise<ActionResult<{ id: string }>> {
  const parsed = scheduleFormSchema.safeParse(form);
  if (!parsed.success) return badInput(parsed.error.issues[0].message, parsed.error.issues[0].path.join('.'));
  const { config: configText, preset, alias, ...rest } = parsed.data;
  const config = parseConfig(configText);
  if (!config.ok) return badInput(config.message, 'config');
  const result = await attempt(async () => ({
    id: (await mutate(CreateScheduleMutation, { input: { ...rest, preset: preset || null, alias: alias || null, config: config.value } })).createSchedule.id,
  }));
  revalidatePath(`/models/${encodeURIComponent(rest.modelName)}`);
  return result;
}

export async function updateSchedule(id: unknown, form: unknown): Promise<ActionResult<{ id: string }>> {
  if (typeof id !== 'string' || id.length === 0) return badInput('expected a schedule id', 'id');
  const parsed = scheduleFormSchema.partial().safeParse(form);
  if (!parsed.success) return badInput(parsed.error.issues[0].message, parsed.error.issues[0].path.join('.'));
  const { config: configText, preset, name: _name, ...rest } = parsed.data;
  let config: unknown = undefined;
  if (configText !== undefined) {
    const parsedConfig = parseConfig(configText);
    if (!parsedConfig.ok) return badInput(parsedConfig.message, 'config');
    config = parsedConfig.value ?? undefined;
  }
  const input = { ...rest, ...(preset !== undefined ? { preset: preset || null } : {}), ...(config !== undefined ? { config } : {}) };
  const result = await attempt(async () => ({ id: (await mutate(UpdateScheduleMutation, { id, input })).updateSchedule.id }));
  revalidatePath('/models', 'layout');
  return result;
}

export async function deleteSchedule(id: unknown): Promise<ActionResult<{ id: string }>> {
  if (typeof id !== 'string' || id.length === 0) return badInput('expected a schedule id', 'id');
  const result = await attempt(async () => ({ id: (await mutate(DeleteScheduleMutation, { id })).deleteSchedule }));
  revalidatePath('/models', 'layout');
  return result;
}
