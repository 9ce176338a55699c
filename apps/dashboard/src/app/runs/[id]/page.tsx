import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiProblemNotice } from '@/components/common/api-problem-notice';
import { LiveRun } from '@/components/runs/live-run';
import { RunPageQuery } from '@/lib/api/documents';
import { query } from '@/lib/api/graphql-client';
import { isFinishedStatus, prefetchFinishedRunMetrics } from '@/lib/api/finished-run-metrics';
import { load } from '@/lib/api/load';
import { architecture, bytes, dateTime, duration, sigmaOf } from '@/lib/format/format';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Run ${(await params).id.slice(0, 8)}` };
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const loaded = await load(() => query(RunPageQuery, { id }));
  if (!loaded.ok) {
    return (
      <>
        <h1>Run {id.slice(0, 8)}</h1>
        <ApiProblemNotice problem={loaded.problem} what={`run ${id}`} />
      </>
    );
  }
  const { run } = loaded.data;
  if (isFinishedStatus(run.status)) prefetchFinishedRunMetrics(run.id);
  const { checkpoints, scheduledFor, ...live } = run;
  return (
    <>
      <p>
        <Link href="/runs">← Runs</Link>
      </p>
      <h1>
        Run <span className="mono">{run.id.slice(0, 8)}</span> · {run.kind.toLowerCase()} on {run.dataset}
      </h1>
      <LiveRun key={run.id} initialRun={live} />
      <h2>About this run</h2>
      <div className="grid-2">
        <dl className="facts">
          <dt>Run id</dt>
          <dd className="mono">{run.id}</dd>
          <dt>Architecture</dt>
          <dd>
            {architecture(run.config)}
            {sigmaOf(run.config) ? `, ${sigmaOf(run.config)}` : ''}
          </dd>
          <dt>Preset</dt>
          <dd>{run.preset ?? '—'}</dd>
          <dt>Registers model</dt>
          <dd>{run.modelName ? <Link href={`/models/${encodeURIComponent(run.modelName)}`}>{run.modelName}</Link> : '—'}</dd>
          {run.sourceRunId ? (
            <>
              <dt>Nets from run</dt>
              <dd>
                <Link href={`/runs/${run.sourceRunId}`} className="mono">
                  {run.sourceRunId.slice(0, 8)}
                </Link>
              </dd>
            </>
          ) : null}
          {run.scheduleId ? (
            <>
              <dt>Scheduled tick</dt>
              <dd>{dateTime(scheduledFor)}</dd>
            </>
          ) : null}
          <dt>Backend</dt>
          <dd>{run.backend ?? '—'}</dd>
          <dt>Worker</dt>
          <dd className="mono">{run.worker ?? '—'}</dd>
          <dt>Attempts</dt>
          <dd>{run.attempts}</dd>
        </dl>
        <dl className="facts">
          <dt>Created</dt>
          <dd>{dateTime(run.timings.createdAt)}</dd>
          <dt>Started</dt>
          <dd>{dateTime(run.timings.startedAt)}</dd>
          <dt>Finished</dt>
          <dd>{dateTime(run.timings.finishedAt)}</dd>
          <dt>Last heartbeat</dt>
          <dd>{dateTime(run.timings.heartbeatAt)}</dd>
          <dt>HSIC epochs</dt>
          <dd>{run.timings.hsicEpochSeconds?.length ? run.timings.hsicEpochSeconds.map((s) => duration(s)).join(', ') : '—'}</dd>
        </dl>
      </div>
      <h2>Checkpoints</h2>
      {checkpoints.length === 0 ? (
        <p className="muted">None stored yet (one per epoch, and the finished models).</p>
      ) : (
        <details open={checkpoints.length <= 12}>
          <summary>
            {checkpoints.filter((c) => c.final).length} finished model(s) and {checkpoints.filter((c) => !c.final).length} epoch snapshot(s)
          </summary>
        <div className="table-wrap" role="region" aria-label="Checkpoints" tabIndex={0}>
          <table aria-label="Checkpoints">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Phase</th>
                <th scope="col" className="num">
                  Net
                </th>
                <th scope="col" className="num">
                  Epoch
                </th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">sha256</th>
                <th scope="col">Stored</th>
              </tr>
            </thead>
            <tbody>
              {checkpoints.map((c) => (
                <tr key={c.id}>
                  <td>{c.role}</td>
                  <td>{c.phase.toLowerCase()}</td>
                  <td className="num">{c.net + 1}</td>
                  <td className="num">{c.final ? '—' : c.epoch}</td>
                  <td>{c.final ? 'finished model' : 'epoch snapshot'}</td>
                  <td className="num">{bytes(c.sizeBytes)}</td>
                  <td className="mono">{c.sha256.slice(0, 16)}…</td>
                  <td>{dateTime(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        </details>
      )}
      <h2>Config</h2>
      <details>
        <summary>The complete training config (defaults filled in)</summary>
        <pre>{JSON.stringify(run.config, null, 2)}</pre>
      </details>
    </>
  );
}
