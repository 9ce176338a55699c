import { z } from 'zod';
import type { StartRunInput } from '@/gql/graphql';
import { RUN_KINDS } from './runs-list-params';

/** What the start-run form sends: the fields of StartRunInput, overrides as JSON text. */
export const runRequestFormSchema = z.object({
  kind: z.enum(RUN_KINDS as [string, ...string[]]),
  dataset: z.string().trim().min(1, 'choose a dataset'),
  preset: z.string().trim(),
  modelName: z.string().trim(),
  sourceRunId: z.string().trim(),
  overrides: z.string(),
});
export type RunRequestForm = z.infer<typeof runRequestFormSchema>;

export type ParsedRunRequest = { readonly ok: true; readonly input: StartRunInput } | { readonly ok: false; readonly field: string; readonly message: string };

/** The form as StartRunInput. Only JSON syntax is checked here; everything else is the API's to judge. */
export function toStartRunInput(form: RunRequestForm): ParsedRunRequest {
  let config: unknown = null;
  if (form.overrides.trim() !== '') {
    try {
      config = JSON.parse(form.overrides);
    } catch (error) {
      return { ok: false, field: 'config', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  return {
    ok: true,
    input: {
      kind: form.kind as StartRunInput['kind'],
      dataset: form.dataset,
      preset: form.preset || null,
      modelName: form.modelName || null,
      sourceRunId: form.kind === 'FORMAT' ? form.sourceRunId || null : null,
      config,
    },
  };
}
