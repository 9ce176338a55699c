import { toApiProblem, type ApiProblem } from './api-errors';

export type Loaded<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly problem: ApiProblem };

/**
 * Runs a page's API calls; an unreachable API or an API error becomes a problem the page shows (a message,
 * not a blank page or a digest). Anything else is a bug and is thrown.
 */
export async function load<T>(fetcher: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await fetcher() };
  } catch (error) {
    return { ok: false, problem: toApiProblem(error) };
  }
}
