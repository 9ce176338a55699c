// What GET /api/runs/{id}/events streams to the browser (server-sent events, one JSON object per event).
import type { RunSummaryFragment } from '@/gql/graphql';
import type { WireColumns } from '../metrics/metric-point';

export type LiveRun = RunSummaryFragment;

export type FeedEvent =
  /** The run as it is, and every metric point stored so far. Sent first, and again after every reconnect. */
  | { readonly type: 'snapshot'; readonly run: LiveRun; readonly columns: WireColumns }
  /** Points written (or completed) since the previous event, and the run now. */
  | { readonly type: 'update'; readonly run: LiveRun; readonly columns: WireColumns; readonly statusChanged: boolean }
  /** The run ended: nothing more will come, and the browser must not reconnect. */
  | { readonly type: 'end' }
  /** Something went wrong. fatal: reconnecting will not help (no such run); otherwise the browser retries. */
  | { readonly type: 'problem'; readonly message: string; readonly fatal: boolean };

/** How long the browser waits before reconnecting a dropped feed. */
export const FEED_RETRY_MS = 2000;
/** A comment line this often keeps proxies from closing an idle stream. */
export const FEED_KEEPALIVE_MS = 15_000;

/** One server-sent event carrying `event` (the `data:` field is single-line JSON). */
export function encodeFeedEvent(event: FeedEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}
