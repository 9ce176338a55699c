'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState, useTransition } from 'react';
import { cancelRun } from '@/lib/actions/run-actions';
import { dateTime, duration, percent } from '@/lib/format/format';
import type { LiveRun as LiveRunData } from '@/lib/live/feed-protocol';
import { useRunFeed, type FeedState } from '@/lib/live/use-run-feed';
import { epochChartData, layerChartData } from '@/lib/metrics/chart-data';
import type { Phase } from '@/lib/metrics/metric-point';
import { ConfirmButton } from '../common/confirm-button';
import { StatusBadge } from '../common/status-badge';
import { HsicPlane } from '../charts/hsic-plane';
import { MetricChart } from '../charts/metric-chart';

const FEED_TEXT: Readonly<Record<FeedState, string>> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'connection lost, reconnecting…',
  ended: 'finished',
  failed: 'unavailable',
};

const accuracyFormat = (value: number | null | undefined) => percent(value);

/** Everything about a run that changes while it trains: status, accuracies, curves, the plane; and cancel. */
export function LiveRun({ initialRun }: { initialRun: LiveRunData }) {
  const router = useRouter();
  const { run, metrics, version, state, problem, statusChanges } = useRunFeed(initialRun);
  const [smoothing, setSmoothing] = useState(0.6);
  const [phaseChoice, setPhaseChoice] = useState<Phase | null>(null);
  const [cancelling, startCancel] = useTransition();
  const [cancelProblem, setCancelProblem] = useState<string | null>(null);

  // The server-rendered parts (checkpoints, timings) follow status changes.
  useEffect(() => {
    if (statusChanges > 0) router.refresh();
  }, [statusChanges, router]);

  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` is the store's change counter
  const view = useMemo(() => metrics.view(), [metrics, version]);
  const phases = useMemo(() => [...new Set(view.layers.map((l) => l.phase))], [view]);
  const phase = phaseChoice && phases.includes(phaseChoice) ? phaseChoice : (phases[0] ?? 'HSIC');
  const layers = useMemo(() => view.layers.filter((l) => l.phase === phase), [view, phase]);
  const nhsicX = useMemo(() => layerChartData(layers, 'nhsicX', smoothing), [layers, smoothing]);
  const nhsicY = useMemo(() => layerChartData(layers, 'nhsicY', smoothing), [layers, smoothing]);
  const testAccuracy = useMemo(() => epochChartData(view.epochSummaries, 'testAccuracy'), [view]);
  const trainAccuracy = useMemo(() => epochChartData(view.epochSummaries, 'trainAccuracy'), [view]);
  const loss = useMemo(() => epochChartData(view.epochSummaries, 'loss'), [view]);
  const active = run.status === 'QUEUED' || run.status === 'RUNNING';
  useEffect(() => {
    if (view.pointCount > 0) performance.mark('hsic:charts-committed', { detail: { points: view.pointCount } });
  }, [view]);

  const cancel = () =>
    startCancel(async () => {
      const result = await cancelRun(run.id);
      setCancelProblem(result.ok ? null : result.problem.message);
    });

  return (
    <>
      <section aria-label="Run state" className="cards">
        <div className="card">
          <div className="muted">Status</div>
          <div className="value" data-testid="run-status">
            <StatusBadge status={run.status} />
          </div>
          <div className="muted" aria-live="polite">
            {run.progress ? `${run.progress.phase.toLowerCase()} epoch ${run.progress.epoch}` : 'not started'}
            {run.cancelRequested && active ? ' · cancelling' : ''}
          </div>
        </div>
        <div className="card">
          <div className="muted">Test accuracy</div>
          <div className="value" data-testid="run-accuracy">
            {percent(run.testAccuracy?.format ?? run.testAccuracy?.unformatted ?? run.testAccuracy?.backprop)}
          </div>
          <div className="muted">
            format {percent(run.testAccuracy?.format)} · unformatted {percent(run.testAccuracy?.unformatted)} · backprop {percent(run.testAccuracy?.backprop)}
          </div>
        </div>
        <div className="card">
          <div className="muted">Duration</div>
          <div className="value">{duration(run.timings.durationSeconds)}</div>
          <div className="muted">started {dateTime(run.timings.startedAt)}</div>
        </div>
        <div className="card">
          <div className="muted">Live feed</div>
          <div className="value" data-testid="feed-state" data-state={state}>
            {FEED_TEXT[state]}
          </div>
          <div className="muted" data-testid="point-count">
            {view.pointCount.toLocaleString('en')} metric points
          </div>
        </div>
      </section>
      {problem ? (
        <p className="notice warn" role="status">
          {problem}
        </p>
      ) : null}
      {run.failureReason ? (
        <p className="notice error" role="alert">
          Failed: {run.failureReason}
        </p>
      ) : null}
      <div className="row" style={{ margin: '0.75rem 0' }}>
        {active ? (
          <ConfirmButton label={cancelling ? 'Cancelling…' : 'Cancel run'} question={`Cancel run ${run.id.slice(0, 8)}? Its worker stops at the next batch.`} confirmLabel="Cancel the run" onConfirm={cancel} disabled={cancelling || run.cancelRequested} danger />
        ) : null}
        <Link className="button secondary" href={`/compare?runs=${run.id}`}>
          Compare {run.kind === 'PIPELINE' ? 'HSIC with its backprop baseline' : 'with other runs'}
        </Link>
        {cancelProblem ? (
          <span role="alert" className="field-error">
            {cancelProblem}
          </span>
        ) : null}
      </div>

      <h2>Inside every layer</h2>
      <div className="chart-controls">
        {phases.length > 1 ? (
          <label className="inline">
            Phase
            <select value={phase} onChange={(e) => setPhaseChoice(e.target.value as Phase)}>
              {phases.map((p) => (
                <option key={p} value={p}>
                  {p.toLowerCase()}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="inline">
          Smoothing
          <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} aria-valuetext={smoothing.toFixed(2)} />
          <output>{smoothing.toFixed(2)}</output>
        </label>
        <span className="muted">Drag across a chart to zoom, double-click to reset. The raw values stay faint behind the smoothed line.</span>
      </div>
      <div className="grid-2">
        <MetricChart title="nHSIC(X, Zᵢ) per layer" data={nhsicX.data} lines={nhsicX.lines} xLabel="batch" yLabel="nHSIC(X, Z)" emptyText="Per-layer values appear with the first HSIC batch." />
        <MetricChart title="nHSIC(Y, Zᵢ) per layer" data={nhsicY.data} lines={nhsicY.lines} xLabel="batch" yLabel="nHSIC(Y, Z)" emptyText="Per-layer values appear with the first HSIC batch." />
      </div>
      <HsicPlane layers={layers} />
      <h2>Accuracy and loss per epoch</h2>
      <div className="grid-2">
        <MetricChart title="Test accuracy" data={testAccuracy.data} lines={testAccuracy.lines} xLabel="epoch" yLabel="accuracy" format={accuracyFormat} emptyText="Accuracies appear after the first epoch of a readout or the baseline." />
        <MetricChart title="Training accuracy" data={trainAccuracy.data} lines={trainAccuracy.lines} xLabel="epoch" yLabel="accuracy" format={accuracyFormat} />
        <MetricChart title="Training loss" data={loss.data} lines={loss.lines} xLabel="epoch" yLabel="loss" />
      </div>
    </>
  );
}
