import Link from 'next/link';
import type { RunOrderField, RunSummaryFragment } from '@/gql/graphql';
import { architecture, dateTime, duration, percent } from '@/lib/format/format';
import { sortHref, type RunsListParams } from '@/lib/runs/runs-list-params';
import { StatusBadge } from '../common/status-badge';

const COLUMNS: readonly { label: string; sort?: RunOrderField; numeric?: boolean }[] = [
  { label: 'Run' },
  { label: 'Status', sort: 'STATUS' },
  { label: 'Kind', sort: 'KIND' },
  { label: 'Dataset', sort: 'DATASET' },
  { label: 'Architecture' },
  { label: 'Backend · worker' },
  { label: 'Format', sort: 'FORMAT_ACCURACY', numeric: true },
  { label: 'Unformatted', sort: 'UNFORMATTED_ACCURACY', numeric: true },
  { label: 'Backprop', sort: 'BACKPROP_ACCURACY', numeric: true },
  { label: 'Duration', numeric: true },
  { label: 'Created', sort: 'CREATED_AT' },
];

function SortableHeader({ label, field, params, numeric }: { label: string; field?: RunOrderField; params: RunsListParams; numeric?: boolean }) {
  const active = field !== undefined && params.sort === field;
  const ariaSort = active ? (params.dir === 'ASC' ? 'ascending' : 'descending') : undefined;
  return (
    <th scope="col" aria-sort={ariaSort} className={numeric ? 'num' : undefined}>
      {field ? (
        <Link href={sortHref(params, field)} title={`Sort by ${label.toLowerCase()}`}>
          {label}
          {active ? (params.dir === 'ASC' ? ' ▲' : ' ▼') : ''}
        </Link>
      ) : (
        label
      )}
    </th>
  );
}

export function RunsTable({ runs, params }: { runs: readonly RunSummaryFragment[]; params: RunsListParams }) {
  return (
    <div className="table-wrap" role="region" aria-label="Runs" tabIndex={0}>
      <table aria-label="Runs">
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <SortableHeader key={column.label} label={column.label} field={column.sort} params={params} numeric={column.numeric} />
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.length === 0 ? (
            <tr>
              <td colSpan={COLUMNS.length} className="muted">
                No runs match.
              </td>
            </tr>
          ) : (
            runs.map((run) => (
              <tr key={run.id}>
                <td>
                  <Link href={`/runs/${run.id}`} className="mono">
                    {run.id.slice(0, 8)}
                  </Link>
                  {run.modelName ? <span className="muted"> → {run.modelName}</span> : null}
                  {run.preset ? <div className="muted">{run.preset}</div> : null}
                </td>
                <td>
                  <StatusBadge status={run.status} />
                  {run.progress && run.status === 'RUNNING' ? (
                    <div className="muted">
                      {run.progress.phase.toLowerCase()} epoch {run.progress.epoch}
                    </div>
                  ) : null}
                </td>
                <td>{run.kind.toLowerCase()}</td>
                <td>{run.dataset}</td>
                <td>{architecture(run.config)}</td>
                <td>
                  {run.backend ?? '—'}
                  {run.worker ? <div className="muted mono">{run.worker}</div> : null}
                </td>
                <td className="num">{percent(run.testAccuracy?.format)}</td>
                <td className="num">{percent(run.testAccuracy?.unformatted)}</td>
                <td className="num">{percent(run.testAccuracy?.backprop)}</td>
                <td className="num">{duration(run.timings.durationSeconds)}</td>
                <td>{dateTime(run.timings.createdAt)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
