'use client';

import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import type { LineSpec } from '@/lib/metrics/chart-data';
import type { ChartSyncGroup } from './chart-sync';
import { colorAt, withAlpha } from './palette';

export interface UPlotChartProps {
  readonly data: uPlot.AlignedData;
  readonly lines: readonly LineSpec[];
  /** seriesKeys whose lines are hidden (legend checkboxes). */
  readonly hidden: ReadonlySet<string>;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Names the canvas for screen readers (the legend table beside it holds the numbers). */
  readonly ariaLabel: string;
  readonly height?: number;
  readonly sync?: ChartSyncGroup;
  /** Called with the data index under the cursor (null when it leaves). */
  readonly onCursor?: (index: number | null) => void;
}

const RAW_ALPHA = 0.25;

function seriesOf(line: LineSpec): uPlot.Series {
  const color = colorAt(line.colorIndex);
  const faint = line.role === 'raw';
  return {
    label: line.label,
    stroke: faint ? withAlpha(color, RAW_ALPHA) : color,
    width: faint ? 1 : line.role === 'smoothed' ? 2 : 1.75,
    points: { show: line.role === 'value' ? (u, i, i0, i1) => i1 - i0 < 60 : false, size: 5 },
    spanGaps: true,
  };
}

/**
 * A uPlot line chart that survives live data: new points redraw the same chart (setData), so zoom,
 * hidden series and scroll stay put. While zoomed (drag to zoom, double-click to reset) the view holds;
 * otherwise it follows the data. Lines are re-created only when the set of lines changes.
 */
export function UPlotChart({ data, lines, hidden, xLabel, yLabel, ariaLabel, height = 260, sync, onCursor }: UPlotChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const zoomed = useRef(false);
  const latest = useRef({ data, hidden, lines, onCursor });
  latest.current = { data, hidden, lines, onCursor };
  const structure = useMemo(() => lines.map((l) => `${l.seriesKey}:${l.role}:${l.colorIndex}:${l.label}`).join('|'), [lines]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const previous = chart.current;
    const keepX = previous && zoomed.current ? { min: previous.scales.x.min, max: previous.scales.x.max } : null;
    previous?.destroy();
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height,
      scales: { x: { time: false } },
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, ...(sync ? { sync: { key: sync.key, setSeries: false } } : {}) },
      series: [{ label: xLabel }, ...latest.current.lines.map(seriesOf)],
      axes: [
        { label: xLabel, stroke: '#1b1f24', grid: { stroke: '#e6e9ec' } },
        { label: yLabel, stroke: '#1b1f24', grid: { stroke: '#e6e9ec' }, size: 60 },
      ],
      hooks: {
        // A drag selection is the user zooming (uPlot applies the zoom right after). Data updates also move the
        // scales, later, in uPlot's own microtask: telling them apart there is not possible, so zoom is taken
        // from the selection, never from scale changes.
        setSelect: [
          (u) => {
            if (u.select.width <= 0) return;
            zoomed.current = true;
            element.dataset.zoomed = 'true';
            sync?.zoom(u, { min: u.posToVal(u.select.left, 'x'), max: u.posToVal(u.select.left + u.select.width, 'x') });
          },
        ],
        // The visible x range, readable from outside the canvas (browser tests check that zoom survives updates).
        setScale: [
          (u, key) => {
            if (key === 'x') element.dataset.xRange = `${u.scales.x.min},${u.scales.x.max}`;
          },
        ],
        setCursor: [(u) => latest.current.onCursor?.(u.cursor.idx ?? null)],
      },
    };
    const created = new uPlot(options, latest.current.data, element);
    created.root.setAttribute('role', 'img');
    created.root.setAttribute('aria-label', ariaLabel);
    latest.current.lines.forEach((line, i) => {
      if (latest.current.hidden.has(line.seriesKey)) created.setSeries(i + 1, { show: false });
    });
    if (keepX && keepX.min !== undefined && keepX.max !== undefined) {
      created.setScale('x', { min: keepX.min, max: keepX.max });
    } else {
      zoomed.current = false;
      element.dataset.zoomed = 'false';
    }
    const resetZoom = () => {
      zoomed.current = false;
      element.dataset.zoomed = 'false';
      sync?.zoom(created, null);
    };
    created.over.addEventListener('dblclick', resetZoom);
    const leave = sync?.join(created, (isZoomed) => {
      zoomed.current = isZoomed;
      element.dataset.zoomed = String(isZoomed);
    });
    chart.current = created;
    return () => {
      leave?.();
      created.over.removeEventListener('dblclick', resetZoom);
    };
    // Re-created only when the lines change; data and visibility are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [structure, xLabel, yLabel, height, sync]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  useEffect(() => {
    const u = chart.current;
    if (!u) return;
    u.setData(data, !zoomed.current);
  }, [data]);

  useEffect(() => {
    const u = chart.current;
    if (!u) return;
    lines.forEach((line, i) => {
      const show = !hidden.has(line.seriesKey);
      if (u.series[i + 1] && u.series[i + 1].show !== show) u.setSeries(i + 1, { show });
    });
  }, [hidden, lines]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      const width = Math.max(element.clientWidth, 200);
      if (chart.current && chart.current.width !== width) chart.current.setSize({ width, height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [height]);

  return <div ref={container} className="chart-box" style={{ minHeight: height + 40 }} />;
}
