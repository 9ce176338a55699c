'use client';

import { useMemo, useState } from 'react';
import { percent, runLabel } from '@/lib/format/format';
import type { LiveRun } from '@/lib/live/feed-protocol';
import { useRunFeeds } from '@/lib/live/use-run-feed';
import { overlayChartData } from '@/lib/metrics/chart-data';
import { compareEpochSeries, compareLayerSeries, type ComparedRun } from '@/lib/metrics/compare-series';
import { ChartSyncGroup } from '../charts/chart-sync';
import { MetricChart } from '../charts/metric-chart';
import { StatusBadge } from '../common/status-badge';

/**
 * Two or more runs on the same charts, live while any of them trains: per-epoch accuracy and loss of every
 * phase (an HSIC run's format readout beside its backprop baseline), and every layer's nHSIC on fractional
 * epochs. The x axes are linked: zooming one zooms all, and the cursor moves together.
 */
export function CompareRuns({ runs }: { runs: readonly LiveRun[] }) {
  const { feeds, version } = useRunFeeds(runs);
  const [smoothing, setSmoothing] = useState(0.6);
  const sync = useMemo(() => new ChartSyncGroup(`compare-${runs.map((r) => r.id).join('-')}`), [runs]);
  const compared: ComparedRun[] = useMemo(
    () => feeds.map((feed) => ({ id: feed.run.id, label: runLabel(feed.run), view: feed.metrics.view() })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` is the feeds' change counter
    [feeds.length, version],
  );
  const testAccuracy = useMemo(() => overlayChartData(compareEpochSeries(compared, 'testAccuracy'), 0), [compared]);
  const loss = useMemo(() => overlayChartData(compareEpochSeries(compared, 'loss'), 0), [compared]);
  const nhsicX = useMemo(() => overlayChartData(compareLayerSeries(compared, 'nhsicX'), smoothing), [compared, smoothing]);
  const nhsicY = useMemo(() => overlayChartData(compareLayerSeries(compared, 'nhsicY'), smoothing), [compared, smoothing]);
  const accuracy = (value: number | null | undefined) => percent(value);

  return (
    <>
      <div className="table-wrap" role="region" aria-label="Compared runs" tabIndex={0}>
        <table aria-label="Compared runs">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Feed</th>
              <th scope="col" className="num">
                Format
              </th>
              <th scope="col" className="num">
                Unformatted
              </th>
              <th scope="col" className="num">
                Backprop
              </th>
              <th scope="col" className="num">
                Points
              </th>
            </tr>
          </thead>
          <tbody>
            {feeds.map((feed, i) => (
              <tr key={feed.run.id}>
                <td>
                  <a href={`/runs/${feed.run.id}`} className="mono">
                    {runLabel(feed.run)}
                  </a>
                </td>
                <td>
                  <StatusBadge status={feed.run.status} />
                </td>
                <td>{feed.problem ?? feed.state}</td>
                <td className="num">{percent(feed.run.testAccuracy?.format)}</td>
                <td className="num">{percent(feed.run.testAccuracy?.unformatted)}</td>
                <td className="num">{percent(feed.run.testAccuracy?.backprop)}</td>
                <td className="num">{compared[i]?.view.pointCount.toLocaleString('en') ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="chart-controls">
        <label className="inline">
          Smoothing (nHSIC)
          <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} aria-valuetext={smoothing.toFixed(2)} />
          <output>{smoothing.toFixed(2)}</output>
        </label>
        <span className="muted">x is the epoch on every chart; drag to zoom all of them, double-click to reset.</span>
      </div>
      <div className="grid-2">
        <MetricChart title="Test accuracy per epoch" data={testAccuracy.data} lines={testAccuracy.lines} xLabel="epoch" yLabel="accuracy" sync={sync} format={accuracy} />
        <MetricChart title="Training loss per epoch" data={loss.data} lines={loss.lines} xLabel="epoch" yLabel="loss" sync={sync} />
        <MetricChart title="nHSIC(X, Zᵢ) per layer" data={nhsicX.data} lines={nhsicX.lines} xLabel="epoch" yLabel="nHSIC(X, Z)" sync={sync} emptyText="None of these runs measured per-layer nHSIC." />
        <MetricChart title="nHSIC(Y, Zᵢ) per layer" data={nhsicY.data} lines={nhsicY.lines} xLabel="epoch" yLabel="nHSIC(Y, Z)" sync={sync} emptyText="None of these runs measured per-layer nHSIC." />
      </div>
    </>
  );
}
