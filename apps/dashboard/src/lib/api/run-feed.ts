import { print } from 'graphql';
import { RunProgressSubscription } from './documents';
import { finishedRunMetrics, isFinishedStatus, runMetrics } from './finished-run-metrics';
import { subscriptionClient } from './subscriptions';
import { ApiRequestError, ApiUnreachableError } from './api-errors';
import type { RunProgressSubscription as RunProgressResult } from '@/gql/graphql';
import { columnsOf, type MetricPoint } from '../metrics/metric-point';
import type { FeedEvent } from '../live/feed-protocol';

const PROGRESS_QUERY = print(RunProgressSubscription);

/**
 * Relays a run to one browser: subscribes to the API's runProgress first, then reads every stored point
 * (so nothing written in between is lost: points arriving meanwhile wait and follow the snapshot, and a
 * point seen twice is merged by key in the browser), then passes each update on. Resolves when the run
 * ends, the subscription fails, or `signal` aborts (the browser left).
 */
export function relayRunFeed(runId: string, send: (event: FeedEvent) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let snapshotSent = false;
    let snapshotRequested = false;
    let finished = false;
    let completed = false;
    const waiting: RunProgressResult['runProgress'][] = [];
    const finish = (last?: FeedEvent) => {
      if (finished) return;
      finished = true;
      if (last) send(last);
      unsubscribe();
      resolve();
    };
    const forward = (progress: RunProgressResult['runProgress']) =>
      send({ type: 'update', run: progress.run, columns: columnsOf(progress.points as MetricPoint[]), statusChanged: progress.statusChanged });

    const unsubscribe = subscriptionClient().subscribe<RunProgressResult>(
      { query: PROGRESS_QUERY, variables: { runId } },
      {
        next: (result) => {
          if (finished) return;
          if (result.errors?.length) return finish(problemOf(result.errors[0]));
          const progress = result.data?.runProgress;
          if (!progress) return;
          if (snapshotSent) return forward(progress);
          if (snapshotRequested) return void waiting.push(progress);
          snapshotRequested = true;
          (isFinishedStatus(progress.run.status) ? finishedRunMetrics(runId) : runMetrics(runId)).then(
            (columns) => {
              if (finished) return;
              send({ type: 'snapshot', run: progress.run, columns });
              snapshotSent = true;
              for (const later of waiting.splice(0)) forward(later);
              if (completed) finish({ type: 'end' });
            },
            (error: unknown) => finish(problemOfError(error)),
          );
        },
        error: (error) => finish(Array.isArray(error) ? problemOf(error[0]) : { type: 'problem', message: `the live feed from the API broke off (${describe(error)}); reconnecting`, fatal: false }),
        complete: () => {
          completed = true;
          if (snapshotSent || !snapshotRequested) finish({ type: 'end' });
        },
      },
    );
    signal.addEventListener('abort', () => finish(), { once: true });
  });
}

function problemOf(error: { message: string; extensions?: Record<string, unknown> }): FeedEvent {
  const notFound = error.extensions?.code === 'NOT_FOUND';
  return { type: 'problem', message: error.message, fatal: notFound };
}

function problemOfError(error: unknown): FeedEvent {
  if (error instanceof ApiRequestError) return { type: 'problem', message: error.message, fatal: error.code === 'NOT_FOUND' };
  if (error instanceof ApiUnreachableError) return { type: 'problem', message: error.message, fatal: false };
  return { type: 'problem', message: describe(error), fatal: false };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'reason' in error) return String((error as { reason: unknown }).reason || 'connection closed');
  return String(error);
}
