import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiProblemNotice } from '@/components/common/api-problem-notice';
import { CompareRuns } from '@/components/compare/compare-runs';
import { RunPageQuery, RunsPageQuery } from '@/lib/api/documents';
import { query } from '@/lib/api/graphql-client';
import { isFinishedStatus, prefetchFinishedRunMetrics } from '@/lib/api/finished-run-metrics';
import { load } from '@/lib/api/load';
import { architecture, dateTime, percent, runLabel } from '@/lib/format/format';
import { configDifferences } from '@/lib/metrics/compare-series';
import type { SearchParams } from '@/lib/runs/runs-list-params';

export const metadata: Metadata = { title: 'Compare runs' };

const MAX_RUNS = 8;

/** `?runs=a,b` or `?runs=a&runs=b` (the picker form sends the latter). */
function runIdsOf(params: SearchParams): string[] {
  const raw = params.runs;
  const values = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const ids = values.flatMap((v) => v.split(',')).map((id) => id.trim()).filter((id) => /^[A-Za-z0-9-]{1,64}$/.test(id));
  return [...new Set(ids)].slice(0, MAX_RUNS);
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ids = runIdsOf(await searchParams);
  const loaded = await load(async () => {
    const [runs, recent] = await Promise.all([Promise.all(ids.map((id) => query(RunPageQuery, { id }))), query(RunsPageQuery, { first: 30 })]);
    return { runs: runs.map((r) => r.run), recent: recent.runs.nodes };
  });
  if (!loaded.ok) {
    return (
      <>
        <h1>Compare runs</h1>
        <ApiProblemNotice problem={loaded.problem} what="these runs" />
      </>
    );
  }
  const { runs, recent } = loaded.data;
  for (const run of runs) if (isFinishedStatus(run.status)) prefetchFinishedRunMetrics(run.id);
  const live = runs.map(({ checkpoints: _checkpoints, scheduledFor: _scheduledFor, ...run }) => run);
  const differences = configDifferences(runs.map((r) => r.config));
  return (
    <>
      <h1>Compare runs</h1>
      {runs.length === 0 ? <p>Pick runs below: an HSIC run and its backprop baseline on the same seed, or a pipeline run (it holds both).</p> : null}
      {runs.length > 0 ? <CompareRuns key={ids.join(',')} runs={live} /> : null}
      {differences.length > 0 ? (
        <>
          <h2>Config differences</h2>
          <div className="table-wrap" role="region" aria-label="Config fields that differ" tabIndex={0}>
            <table aria-label="Config fields that differ">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  {runs.map((run) => (
                    <th scope="col" key={run.id} className="mono">
                      {runLabel(run)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {differences.map((d) => (
                  <tr key={d.path}>
                    <th scope="row" className="mono">
                      {d.path}
                    </th>
                    {d.values.map((value, i) => (
                      <td key={runs[i].id} className="mono">
                        {value}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : runs.length > 1 ? (
        <p className="muted">The runs have the same config.</p>
      ) : null}
      <h2>Choose runs</h2>
      <form action="/compare" method="get" aria-label="Choose runs to compare">
        <div className="table-wrap" role="region" aria-label="Recent runs" tabIndex={0}>
          <table aria-label="Recent runs">
            <thead>
              <tr>
                <th scope="col">Compare</th>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Dataset</th>
                <th scope="col">Architecture</th>
                <th scope="col">Seed</th>
                <th scope="col" className="num">
                  Format
                </th>
                <th scope="col" className="num">
                  Backprop
                </th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((run) => (
                <tr key={run.id}>
                  <td>
                    <input type="checkbox" name="runs" value={run.id} defaultChecked={ids.includes(run.id)} aria-label={`Compare run ${runLabel(run)}`} />
                  </td>
                  <td>
                    <Link href={`/runs/${run.id}`} className="mono">
                      {runLabel(run)}
                    </Link>
                  </td>
                  <td>{run.status.toLowerCase()}</td>
                  <td>{run.dataset}</td>
                  <td>{architecture(run.config)}</td>
                  <td>{String((run.config as { seed?: unknown } | null)?.seed ?? '—')}</td>
                  <td className="num">{percent(run.testAccuracy?.format)}</td>
                  <td className="num">{percent(run.testAccuracy?.backprop)}</td>
                  <td>{dateTime(run.timings.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <button type="submit">Compare selected</button>
        </p>
      </form>
    </>
  );
}
