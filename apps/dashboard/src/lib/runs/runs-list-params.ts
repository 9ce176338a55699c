// The runs table's state lives in the URL (shareable, back-button friendly, works without JavaScript):
// /runs?q=…&status=…&kind=…&dataset=…&sort=…&dir=…&after=…&trail=…
import type { RunKind, RunOrderField, RunStatus, SortDirection } from '@/gql/graphql';

export const RUN_STATUSES: readonly RunStatus[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
export const RUN_KINDS: readonly RunKind[] = ['PIPELINE', 'HSIC', 'FORMAT', 'BACKPROP'];
export const SORTABLE: readonly RunOrderField[] = [
  'CREATED_AT',
  'STARTED_AT',
  'FINISHED_AT',
  'STATUS',
  'KIND',
  'DATASET',
  'FORMAT_ACCURACY',
  'UNFORMATTED_ACCURACY',
  'BACKPROP_ACCURACY',
];
export const PAGE_SIZE = 20;
/** Cursors of earlier pages kept for "Previous" (older ones are dropped; the first page is always reachable). */
const MAX_TRAIL = 50;

export interface RunsListParams {
  readonly q: string;
  readonly status: RunStatus | null;
  readonly kind: RunKind | null;
  readonly dataset: string | null;
  readonly sort: RunOrderField;
  readonly dir: SortDirection;
  /** Cursor of this page (null: the first page). */
  readonly after: string | null;
  /** Cursors of the pages before this one, oldest first ('' = the first page). */
  readonly trail: readonly string[];
}

export type SearchParams = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[]): T | null =>
  value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : null;

/** Unknown or malformed values fall back to the defaults: a hand-edited URL never breaks the page. */
export function parseRunsListParams(params: SearchParams): RunsListParams {
  const after = one(params.after)?.trim() || null;
  const trail = (one(params.trail) ?? '').split(',').slice(-MAX_TRAIL);
  return {
    q: (one(params.q) ?? '').trim().slice(0, 200),
    status: oneOf(one(params.status), RUN_STATUSES),
    kind: oneOf(one(params.kind), RUN_KINDS),
    dataset: one(params.dataset)?.trim() || null,
    sort: oneOf(one(params.sort), SORTABLE) ?? 'CREATED_AT',
    dir: oneOf(one(params.dir), ['ASC', 'DESC'] as const) ?? 'DESC',
    after,
    trail: after ? trail : [],
  };
}

/** The URL of the list with some state changed; paging restarts unless the change is a page move. */
export function runsListHref(params: RunsListParams, change: Partial<RunsListParams> = {}): string {
  const next = { ...params, ...change };
  const paging = 'after' in change || 'trail' in change;
  const query = new URLSearchParams();
  if (next.q) query.set('q', next.q);
  if (next.status) query.set('status', next.status);
  if (next.kind) query.set('kind', next.kind);
  if (next.dataset) query.set('dataset', next.dataset);
  if (next.sort !== 'CREATED_AT' || next.dir !== 'DESC') {
    query.set('sort', next.sort);
    query.set('dir', next.dir);
  }
  if (paging && next.after) {
    query.set('after', next.after);
    query.set('trail', next.trail.join(','));
  }
  const text = query.toString();
  return text ? `/runs?${text}` : '/runs';
}

/** Clicking a column: sort by it (accuracies best first, times newest first), or flip the direction. */
export function sortHref(params: RunsListParams, field: RunOrderField): string {
  if (params.sort === field) return runsListHref(params, { dir: params.dir === 'ASC' ? 'DESC' : 'ASC' });
  const firstDirection: SortDirection = ['STATUS', 'KIND', 'DATASET'].includes(field) ? 'ASC' : 'DESC';
  return runsListHref(params, { sort: field, dir: firstDirection });
}

export function nextPageHref(params: RunsListParams, endCursor: string): string {
  return runsListHref(params, { after: endCursor, trail: [...params.trail, params.after ?? ''] });
}

/** null on the first page. */
export function previousPageHref(params: RunsListParams): string | null {
  if (!params.after) return null;
  const trail = [...params.trail];
  const previous = trail.pop() ?? '';
  return runsListHref(params, { after: previous || null, trail });
}
