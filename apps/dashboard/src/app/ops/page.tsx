import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiProblemNotice } from '@/components/common/api-problem-notice';
import { AutoRefresh } from '@/components/common/auto-refresh';
import { StatusBadge } from '@/components/common/status-badge';
import { OperationsPageQuery } from '@/lib/api/documents';
import { query } from '@/lib/api/graphql-client';
import { load } from '@/lib/api/load';
import { dateTime, duration } from '@/lib/format/format';
import { serverEnv } from '@/lib/server-env';

export const metadata: Metadata = { title: 'Operations' };

export default async function OperationsPage() {
  const loaded = await load(() => query(OperationsPageQuery, {}));
  if (!loaded.ok) {
    return (
      <>
        <h1>Operations</h1>
        <ApiProblemNotice problem={loaded.problem} />
        <AutoRefresh active everyMs={5000} />
      </>
    );
  }
  const { operations, workers } = loaded.data;
  const alive = workers.filter((w) => w.state === 'ALIVE');
  const { api, trainingQueue } = operations;
  return (
    <>
      <h1>Operations</h1>
      <p className="muted">Refreshes every 5 seconds.</p>
      <section className="cards" aria-label="At a glance">
        <div className="card">
          <div className="muted">API</div>
          <div className="value" data-testid="api-health">
            <span className={`badge ${api.ready ? 'ok' : 'bad'}`}>{api.ready ? 'ready' : 'not ready'}</span>
          </div>
          <div className="muted">
            {api.notReadyReason ?? `up ${duration(api.uptimeSeconds)}`} · {api.embeddedDatabase ? 'embedded database' : 'PostgreSQL'} · predicts on {api.backend}
          </div>
        </div>
        <div className="card">
          <div className="muted">Workers alive</div>
          <div className="value" data-testid="workers-alive">
            {alive.length}
          </div>
          <div className="muted">
            {alive.filter((w) => w.device === 'GPU').length} GPU · {alive.filter((w) => w.device === 'CPU').length} CPU
          </div>
        </div>
        <div className="card">
          <div className="muted">Training queue</div>
          <div className="value" data-testid="queue-depth">
            {trainingQueue.queued} waiting
          </div>
          <div className="muted">
            {trainingQueue.active} running · queue <span className="mono">{trainingQueue.queue}</span>
          </div>
        </div>
        <div className="card">
          <div className="muted">Runs</div>
          <div className="value">{operations.runs.reduce((sum, r) => sum + r.count, 0)}</div>
          <div className="muted">{operations.runs.map((r) => `${r.count} ${r.status.toLowerCase()}`).join(' · ')}</div>
        </div>
      </section>

      <h2>Workers</h2>
      {workers.length === 0 ? (
        <p>No worker has reported in the last hour. Start one: <code>DATABASE_URL=… node apps/worker/dist/main.js</code>.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Workers" tabIndex={0}>
          <table aria-label="Workers">
            <thead>
              <tr>
                <th scope="col">Worker</th>
                <th scope="col">State</th>
                <th scope="col">Device</th>
                <th scope="col">Backend</th>
                <th scope="col">Current run</th>
                <th scope="col">Host · pid</th>
                <th scope="col">Started</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {workers.map((w) => (
                <tr key={w.id}>
                  <td className="mono">{w.id}</td>
                  <td>
                    <StatusBadge status={w.state} />
                  </td>
                  <td>{w.device}</td>
                  <td>{w.detail}</td>
                  <td>
                    {w.currentRun ? (
                      <>
                        <Link href={`/runs/${w.currentRun.id}`} className="mono">
                          {w.currentRun.id.slice(0, 8)}
                        </Link>{' '}
                        {w.currentRun.kind.toLowerCase()} on {w.currentRun.dataset}
                        {w.currentRun.progress ? `, ${w.currentRun.progress.phase.toLowerCase()} epoch ${w.currentRun.progress.epoch}` : ''}
                      </>
                    ) : (
                      <span className="muted">idle</span>
                    )}
                  </td>
                  <td className="mono">
                    {w.hostname} · {w.pid}
                  </td>
                  <td>{dateTime(w.startedAt)}</td>
                  <td>{dateTime(w.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Endpoints</h2>
      <dl className="facts">
        <dt>API</dt>
        <dd className="mono">{serverEnv().HSIC_API_URL}</dd>
        <dt>GraphQL</dt>
        <dd className="mono">{serverEnv().HSIC_API_URL}/graphql</dd>
        <dt>Prometheus</dt>
        <dd className="mono">{serverEnv().HSIC_API_URL}/metrics</dd>
        <dt>Dashboard classify</dt>
        <dd className="mono">POST /api/classify (model {serverEnv().HSIC_DASHBOARD_MODEL}, alias production)</dd>
      </dl>
      <AutoRefresh active everyMs={5000} />
    </>
  );
}
