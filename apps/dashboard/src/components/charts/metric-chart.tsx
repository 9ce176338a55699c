'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import type { LineSpec } from '@/lib/metrics/chart-data';
import { ChartLegend } from './chart-legend';
import type { ChartSyncGroup } from './chart-sync';
import { UPlotChart } from './uplot-chart';

export interface MetricChartProps {
  readonly title: string;
  readonly data: uPlot.AlignedData;
  readonly lines: readonly LineSpec[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly sync?: ChartSyncGroup;
  readonly height?: number;
  readonly format?: (value: number | null | undefined) => string;
  /** Shown instead of an empty chart. */
  readonly emptyText?: string;
}

/** A titled chart with its legend table; which series are hidden is kept across live updates. */
export function MetricChart({ title, data, lines, xLabel, yLabel, sync, height, format, emptyText = 'No values yet.' }: MetricChartProps) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [cursor, setCursor] = useState<number | null>(null);
  const frame = useRef(0);
  // The cursor moves at pointer rate; the legend follows at most once a frame.
  const onCursor = useCallback((index: number | null) => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setCursor(index));
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  const toggle = useCallback((key: string, show: boolean) => {
    setHidden((current) => {
      const next = new Set(current);
      if (show) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);
  const showOnly = useCallback((keys: readonly string[]) => setHidden(new Set(lines.map((l) => l.seriesKey).filter((k) => !keys.includes(k)))), [lines]);
  const empty = lines.length === 0 || (data[0]?.length ?? 0) === 0;
  return (
    <figure className="chart-figure" aria-label={title}>
      <figcaption>{title}</figcaption>
      {empty ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <>
          <UPlotChart data={data} lines={lines} hidden={hidden} xLabel={xLabel} yLabel={yLabel} ariaLabel={`${title}: ${yLabel} against ${xLabel}`} sync={sync} height={height} onCursor={onCursor} />
          <ChartLegend title={title} lines={lines} data={data} hidden={hidden} onToggle={toggle} onShowOnly={showOnly} cursor={cursor} xLabel={xLabel} format={format} />
        </>
      )}
    </figure>
  );
}
