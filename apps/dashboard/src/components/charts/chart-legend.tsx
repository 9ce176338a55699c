'use client';

import { useId, useState } from 'react';
import type uPlot from 'uplot';
import { metric } from '@/lib/format/format';
import type { LineSpec } from '@/lib/metrics/chart-data';
import { colorAt } from './palette';

/** From this many series on, the legend offers a filter box. */
const FILTER_FROM = 5;

export interface ChartLegendProps {
  readonly lines: readonly LineSpec[];
  readonly data: uPlot.AlignedData;
  readonly hidden: ReadonlySet<string>;
  readonly onToggle: (seriesKey: string, show: boolean) => void;
  readonly onShowOnly: (seriesKeys: readonly string[]) => void;
  /** Data index under the chart's cursor. */
  readonly cursor: number | null;
  readonly xLabel: string;
  readonly format?: (value: number | null | undefined) => string;
  /** The chart's title (names the legend for screen readers). */
  readonly title: string;
}

/**
 * The chart's legend as a table: a checkbox per series (keyboard-usable), its colour, and min / max / last
 * (of the raw values) plus the value under the cursor. The filter shows the series whose name contains its text and hides the rest.
 */
export function ChartLegend({ lines, data, hidden, onToggle, onShowOnly, cursor, xLabel, title, format = metric }: ChartLegendProps) {
  const ids = useId();
  const [filter, setFilter] = useState('');
  const rows = lines.filter((line, i) => lines.findIndex((other) => other.seriesKey === line.seriesKey) === i);
  const shownLine = (seriesKey: string) => {
    const smoothed = lines.findIndex((l) => l.seriesKey === seriesKey && l.role === 'smoothed');
    return smoothed >= 0 ? smoothed : lines.findIndex((l) => l.seriesKey === seriesKey);
  };
  const labelOf = (line: LineSpec) => line.label.replace(/ \(raw\)$/, '');
  const applyFilter = (text: string) => {
    setFilter(text);
    // The text as one phrase: "layer 2" must not match every series whose run id holds a 2.
    const phrase = text.trim().toLowerCase().replace(/\s+/g, ' ');
    onShowOnly(rows.filter((row) => labelOf(row).toLowerCase().includes(phrase)).map((row) => row.seriesKey));
  };
  const xAtCursor = cursor === null ? null : (data[0][cursor] as number | undefined);
  return (
    <div>
      {rows.length >= FILTER_FROM ? (
        <label className="inline">
          Filter series
          <input type="search" value={filter} onChange={(e) => applyFilter(e.target.value)} placeholder="e.g. layer 3" aria-controls={`${ids}-legend`} />
        </label>
      ) : null}
      <div className="table-wrap" style={{ marginTop: '0.4rem' }} role="region" aria-label={`${title} legend`} tabIndex={0}>
        <table id={`${ids}-legend`} className="legend-table" aria-label={`${title}: series`}>
          <thead>
            <tr>
              <th scope="col">Series</th>
              <th scope="col" className="num">
                min
              </th>
              <th scope="col" className="num">
                max
              </th>
              <th scope="col" className="num">
                last
              </th>
              <th scope="col" className="num">
                {xAtCursor === null || xAtCursor === undefined ? 'at cursor' : `at ${xLabel} ${Number(xAtCursor.toPrecision(4))}`}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const line = shownLine(row.seriesKey);
              const atCursor = cursor === null ? null : (data[line + 1]?.[cursor] as number | null | undefined);
              return (
                <tr key={row.seriesKey}>
                  <td>
                    <label className="inline">
                      <input type="checkbox" checked={!hidden.has(row.seriesKey)} onChange={(e) => onToggle(row.seriesKey, e.target.checked)} />
                      <span className="swatch" style={{ background: colorAt(row.colorIndex) }} aria-hidden="true" />
                      {labelOf(row)}
                    </label>
                  </td>
                  <td className="num">{format(row.stats.min)}</td>
                  <td className="num">{format(row.stats.max)}</td>
                  <td className="num">{format(row.stats.last)}</td>
                  <td className="num">{format(atCursor)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
