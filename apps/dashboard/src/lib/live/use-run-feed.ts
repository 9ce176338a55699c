'use client';

import { useEffect, useRef, useState } from 'react';
import { pointsOf } from '../metrics/metric-point';
import { RunMetrics } from '../metrics/run-metrics';
import type { FeedEvent, LiveRun } from './feed-protocol';

export type FeedState = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'failed';

export interface RunFeed {
  readonly run: LiveRun;
  readonly metrics: RunMetrics;
  readonly state: FeedState;
  readonly problem: string | null;
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

interface FeedHandlers {
  /** Something about the run changed (metrics, state, the run record). */
  onChange(): void;
  onStatusChange(): void;
}

/**
 * One run's live feed over server-sent events from the dashboard's own server (which holds the API's
 * runProgress subscription). A dropped connection reconnects by itself and starts over from a fresh
 * snapshot. Returns a function that closes it.
 */
function openRunFeed(feed: { run: LiveRun; metrics: RunMetrics; state: FeedState; problem: string | null }, handlers: FeedHandlers): () => void {
  let done = false;
  performance.mark('hsic:feed-opened');
  const source = new EventSource(`/api/runs/${encodeURIComponent(feed.run.id)}/events`);
  const stop = (final: FeedState) => {
    done = true;
    source.close();
    feed.state = final;
  };
  source.onmessage = (message: MessageEvent<string>) => {
    const event = JSON.parse(message.data) as FeedEvent;
    switch (event.type) {
      case 'snapshot':
        // Marks for the browser's performance timeline (DevTools, and the dashboard benchmark).
        performance.mark('hsic:snapshot-received');
        feed.metrics.clear();
        feed.metrics.upsert(pointsOf(event.columns));
        feed.run = event.run;
        feed.problem = null;
        feed.state = TERMINAL.has(event.run.status) ? 'ended' : 'live';
        performance.mark('hsic:snapshot-stored');
        break;
      case 'update':
        feed.metrics.upsert(pointsOf(event.columns));
        feed.run = event.run;
        if (event.statusChanged) handlers.onStatusChange();
        break;
      case 'end':
        stop('ended');
        handlers.onStatusChange();
        break;
      case 'problem':
        feed.problem = event.message;
        if (event.fatal) stop('failed');
        break;
    }
    handlers.onChange();
  };
  source.onerror = () => {
    if (done) return;
    feed.state = 'reconnecting'; // EventSource retries by itself (retry: FEED_RETRY_MS)
    handlers.onChange();
  };
  return () => {
    done = true;
    source.close();
  };
}

/**
 * Live feeds of several runs; re-renders at most once per animation frame however fast updates come.
 * `statusChanges` counts status changes of any of them (the page refreshes what the server rendered).
 */
export function useRunFeeds(initialRuns: readonly LiveRun[]): { feeds: readonly RunFeed[]; version: number; statusChanges: number } {
  const ids = initialRuns.map((r) => r.id).join(',');
  const feeds = useRef<{ ids: string; list: { run: LiveRun; metrics: RunMetrics; state: FeedState; problem: string | null }[] } | null>(null);
  if (feeds.current?.ids !== ids) {
    feeds.current = { ids, list: initialRuns.map((run) => ({ run, metrics: new RunMetrics(), state: 'connecting' as FeedState, problem: null })) };
  }
  const [version, setVersion] = useState(0);
  const [statusChanges, setStatusChanges] = useState(0);

  useEffect(() => {
    const list = feeds.current?.list ?? [];
    let frame = 0;
    const handlers: FeedHandlers = {
      onChange: () => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => setVersion((v) => v + 1));
      },
      onStatusChange: () => setStatusChanges((n) => n + 1),
    };
    const closers = list.map((feed) => openRunFeed(feed, handlers));
    return () => {
      cancelAnimationFrame(frame);
      for (const close of closers) close();
    };
  }, [ids]);

  return { feeds: feeds.current.list.map((f) => ({ ...f })), version, statusChanges };
}

/** One run's live feed (the run page). */
export function useRunFeed(initialRun: LiveRun): RunFeed & { version: number; statusChanges: number } {
  const { feeds, version, statusChanges } = useRunFeeds(useStableList(initialRun));
  return { ...feeds[0], version, statusChanges };
}

function useStableList(run: LiveRun): readonly LiveRun[] {
  const list = useRef<{ id: string; runs: LiveRun[] } | null>(null);
  if (list.current?.id !== run.id) list.current = { id: run.id, runs: [run] };
  return list.current.runs;
}
