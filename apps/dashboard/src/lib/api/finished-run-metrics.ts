import type { WireColumns } from '../metrics/metric-point';
import { RunMetricsQuery } from './documents';
import { query } from './graphql-client';

/** How long a prefetched snapshot waits for its page's live feed to take it. */
const KEEP_MS = 15_000;
const MAX_KEPT = 8;

interface Prefetched {
  readonly promise: Promise<WireColumns>;
  readonly timer: NodeJS.Timeout;
}

// On globalThis: Next bundles pages and route handlers apart, each with its own copy of this module.
const store = globalThis as typeof globalThis & { __hsicPrefetchedMetrics?: Map<string, Prefetched> };
const prefetched = (store.__hsicPrefetchedMetrics ??= new Map<string, Prefetched>());

export const isFinishedStatus = (status: string) => status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED';

/**
 * A finished run's metrics never change, so the page that shows one starts fetching them while it renders,
 * instead of after the browser has loaded its scripts and opened the live feed: on a 50,000-point run that
 * is most of the wait. (A running run is never prefetched: its feed must read after subscribing, or a
 * point written in between would be lost.)
 */
export function prefetchFinishedRunMetrics(runId: string): void {
  if (prefetched.has(runId)) return;
  if (prefetched.size >= MAX_KEPT) drop(prefetched.keys().next().value as string);
  const promise = query(RunMetricsQuery, { id: runId }).then(({ run }) => run.metricColumns);
  promise.catch(() => drop(runId)); // the feed asks again and reports the error itself
  prefetched.set(runId, { promise, timer: setTimeout(() => drop(runId), KEEP_MS).unref() });
}

/** The metrics of a finished run: the prefetched ones when the page started them, else fetched now. */
export function finishedRunMetrics(runId: string): Promise<WireColumns> {
  const entry = prefetched.get(runId);
  if (entry) {
    drop(runId);
    return entry.promise;
  }
  return runMetrics(runId);
}

export async function runMetrics(runId: string): Promise<WireColumns> {
  return (await query(RunMetricsQuery, { id: runId })).run.metricColumns;
}

function drop(runId: string): void {
  const entry = prefetched.get(runId);
  if (!entry) return;
  clearTimeout(entry.timer);
  prefetched.delete(runId);
}
