import { toApiProblem, type ApiProblem } from '../api/api-errors';

export type ActionResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: ApiProblem };

/** A server action's API call: the API's own error (message, code, field) reaches the form, never a stack. */
export async function attempt<T>(call: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, problem: toApiProblem(error) };
  }
}

/** Input the browser sent that does not fit the action's contract (a tampered or stale form). */
export function badInput(message: string, field: string | null = null): ActionResult<never> {
  return { ok: false, problem: { kind: 'request', message, code: 'BAD_USER_INPUT', field } };
}
