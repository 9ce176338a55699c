import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiProblemNotice } from '@/components/common/api-problem-notice';
import { AutoRefresh } from '@/components/common/auto-refresh';
import { RunsFilterForm } from '@/components/runs/runs-filter-form';
import { RunsTable } from '@/components/runs/runs-table';
import { StartRunForm } from '@/components/runs/start-run-form';
import { RunsPageQuery } from '@/lib/api/documents';
import { query } from '@/lib/api/graphql-client';
import { load } from '@/lib/api/load';
import { nextPageHref, PAGE_SIZE, parseRunsListParams, previousPageHref, type SearchParams } from '@/lib/runs/runs-list-params';

export const metadata: Metadata = { title: 'Runs' };

export default async function RunsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = parseRunsListParams(await searchParams);
  const loaded = await load(() =>
    query(RunsPageQuery, {
      filter: { search: params.q || null, status: params.status, kind: params.kind, dataset: params.dataset },
      orderBy: { field: params.sort, direction: params.dir },
      first: PAGE_SIZE,
      after: params.after,
    }),
  );
  if (!loaded.ok) {
    return (
      <>
        <h1>Runs</h1>
        <ApiProblemNotice problem={loaded.problem} what="the runs" />
      </>
    );
  }
  const { runs, presets, datasets } = loaded.data;
  const previous = previousPageHref(params);
  const pageStart = params.trail.length * PAGE_SIZE;
  const active = runs.nodes.some((run) => run.status === 'QUEUED' || run.status === 'RUNNING');
  return (
    <>
      <h1>Runs</h1>
      <RunsFilterForm params={params} datasets={datasets.map((d) => d.name)} />
      <p className="muted" aria-live="polite">
        {runs.totalCount === 0 ? 'No runs' : `Runs ${pageStart + 1}–${pageStart + runs.nodes.length} of ${runs.totalCount}`}
        {active ? ' · refreshing while runs are active' : ''}
      </p>
      <RunsTable runs={runs.nodes} params={params} />
      <nav className="row" aria-label="Pages" style={{ marginTop: '0.5rem' }}>
        {previous ? (
          <Link className="button secondary" href={previous} rel="prev">
            ← Previous
          </Link>
        ) : null}
        {runs.pageInfo.hasNextPage && runs.pageInfo.endCursor ? (
          <Link className="button secondary" href={nextPageHref(params, runs.pageInfo.endCursor)} rel="next">
            Next →
          </Link>
        ) : null}
      </nav>
      <AutoRefresh active={active} everyMs={3000} />
      <StartRunForm presets={presets.map(({ name, description, dataset }) => ({ name, description, dataset }))} datasets={datasets.map((d) => d.name)} />
    </>
  );
}
