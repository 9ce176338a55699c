'use server';

import { revalidatePath } from 'next/cache';
import { CancelRunMutation, StartRunMutation, ValidateRunQuery } from '../api/documents';
import { mutate, query } from '../api/graphql-client';
import { runRequestFormSchema, toStartRunInput } from '../runs/run-request';
import { z } from 'zod';
import { attempt, badInput, type ActionResult } from './action-result';

const submissionKeySchema = z.uuid();

export interface RunCheck {
  readonly valid: boolean;
  readonly problems: readonly { readonly field: string; readonly message: string }[];
  readonly config: unknown;
  /** Peak memory against a worker's budget, and the rough time (null when the config is not valid). */
  readonly estimate: { readonly memoryBytes: number; readonly budgetBytes: number; readonly budgetSource: string; readonly roughDuration: string } | null;
}

/** The API's own dry run of the form (validateRun): the problems startRun would answer, or the complete config. */
export async function checkRun(form: unknown): Promise<ActionResult<RunCheck>> {
  const parsed = runRequestFormSchema.safeParse(form);
  if (!parsed.success) return badInput(parsed.error.issues[0].message, parsed.error.issues[0].path.join('.'));
  const request = toStartRunInput(parsed.data);
  if (!request.ok) return { ok: true, value: { valid: false, problems: [{ field: request.field, message: request.message }], config: null, estimate: null } };
  return attempt(async () => (await query(ValidateRunQuery, { input: request.input })).validateRun);
}

/**
 * `submission` is the form's idempotency key for this request: a double submit, or a retry after the answer
 * was lost, gets the run the first one started.
 */
export async function startRun(form: unknown, submission: unknown): Promise<ActionResult<{ id: string }>> {
  const parsed = runRequestFormSchema.safeParse(form);
  if (!parsed.success) return badInput(parsed.error.issues[0].message, parsed.error.issues[0].path.join('.'));
  const key = submissionKeySchema.safeParse(submission);
  if (!key.success) return badInput('expected a submission key (a UUID)', 'submission');
  const request = toStartRunInput(parsed.data);
  if (!request.ok) return badInput(`${request.field}: ${request.message}`, request.field);
  const input = { ...request.input, idempotencyKey: `dashboard:${key.data}` };
  const result = await attempt(async () => ({ id: (await mutate(StartRunMutation, { input })).startRun.id }));
  if (result.ok) revalidatePath('/runs');
  return result;
}

export async function cancelRun(id: unknown): Promise<ActionResult<{ status: string }>> {
  if (typeof id !== 'string' || id.length === 0 || id.length > 100) return badInput('expected a run id', 'id');
  return attempt(async () => ({ status: (await mutate(CancelRunMutation, { id })).cancelRun.status }));
}
