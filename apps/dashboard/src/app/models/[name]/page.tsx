import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiProblemNotice } from '@/components/common/api-problem-notice';
import { PromoteVersion, RollbackAlias } from '@/components/models/alias-controls';
import { ScheduleControls } from '@/components/models/schedule-controls';
import { ScheduleForm } from '@/components/models/schedule-form';
import { ModelPageQuery } from '@/lib/api/documents';
import { query } from '@/lib/api/graphql-client';
import { load } from '@/lib/api/load';
import { dateTime, percent } from '@/lib/format/format';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `Model ${decodeURIComponent((await params).name)}` };
}

const versionCell = (version: { version: number } | null, accuracy: number | null) => (version ? `v${version.version} (${percent(accuracy)})` : '—');

export default async function ModelPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  const loaded = await load(() => query(ModelPageQuery, { name }));
  if (!loaded.ok) {
    return (
      <>
        <h1>Model {name}</h1>
        <ApiProblemNotice problem={loaded.problem} what={`model ${name}`} />
      </>
    );
  }
  const { model, schedules: allSchedules, presets, datasets } = loaded.data;
  const schedules = allSchedules.filter((s) => s.modelName === model.name);
  const aliasOf = Object.fromEntries(model.aliases.map((a) => [a.alias, a.version]));
  const presetNames = presets.map((p) => p.name);
  const datasetNames = datasets.map((d) => d.name);
  return (
    <>
      <p>
        <Link href="/models">← Models</Link>
      </p>
      <h1>Model {model.name}</h1>
      {model.description ? <p>{model.description}</p> : null}

      <h2>Aliases</h2>
      {model.aliases.length === 0 ? (
        <p className="muted">No alias yet: promote a version below.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Aliases" tabIndex={0}>
          <table aria-label="Aliases">
            <thead>
              <tr>
                <th scope="col">Alias</th>
                <th scope="col">Version</th>
                <th scope="col">Moved</th>
                <th scope="col">Serving URL</th>
                <th scope="col">Roll back</th>
              </tr>
            </thead>
            <tbody>
              {model.aliases.map((alias) => (
                <tr key={alias.alias}>
                  <td>{alias.alias}</td>
                  <td>v{alias.version}</td>
                  <td>{dateTime(alias.updatedAt)}</td>
                  <td className="mono">
                    /v1/models/{model.name}/labels/{alias.alias}:classify
                  </td>
                  <td>
                    <RollbackAlias model={model.name} alias={alias.alias} current={alias.version} canRollBack={model.aliasHistory.filter((e) => e.alias === alias.alias).length > 1} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Versions</h2>
      <div className="table-wrap" role="region" aria-label="Versions" tabIndex={0}>
        <table aria-label="Versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Classifier</th>
              <th scope="col" className="num">
                Test accuracy
              </th>
              <th scope="col">Dataset</th>
              <th scope="col">Aliases</th>
              <th scope="col">Run</th>
              <th scope="col">Registered</th>
              <th scope="col">Promote to alias</th>
            </tr>
          </thead>
          <tbody>
            {model.versions.map((v) => (
              <tr key={v.version}>
                <td>v{v.version}</td>
                <td>{v.kind.toLowerCase()}</td>
                <td className="num">{percent(v.testAccuracy)}</td>
                <td>{v.dataset}</td>
                <td>{v.aliases.join(', ') || '—'}</td>
                <td>
                  {v.runId ? (
                    <Link href={`/runs/${v.runId}`} className="mono">
                      {v.runId.slice(0, 8)}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{dateTime(v.createdAt)}</td>
                <td>
                  <PromoteVersion model={model.name} version={v.version} current={aliasOf} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Alias history</h2>
      {model.aliasHistory.length === 0 ? (
        <p className="muted">No alias has moved yet.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Alias history" tabIndex={0}>
          <table aria-label="Alias history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Alias</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {[...model.aliasHistory].reverse().map((event) => (
                <tr key={event.id}>
                  <td>{dateTime(event.createdAt)}</td>
                  <td>{event.alias}</td>
                  <td>{event.fromVersion === null ? '—' : `v${event.fromVersion}`}</td>
                  <td>v{event.toVersion}</td>
                  <td>{event.reason.toLowerCase()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Scheduled retraining</h2>
      <p className="muted">A schedule retrains on its cron tick and promotes the new version only if it beats the one the alias points at on the test split.</p>
      {schedules.length === 0 ? <p>No schedule retrains this model.</p> : null}
      {schedules.map((schedule) => (
        <section key={schedule.id} className="panel" aria-labelledby={`schedule-${schedule.id}`}>
          <h3 id={`schedule-${schedule.id}`} style={{ marginTop: 0 }}>
            {schedule.name} <span className={`badge ${schedule.enabled ? 'ok' : 'STOPPED'}`}>{schedule.enabled ? 'enabled' : 'paused'}</span>
          </h3>
          <dl className="facts">
            <dt>Cron (UTC)</dt>
            <dd className="mono">{schedule.cron}</dd>
            <dt>Dataset · alias</dt>
            <dd>
              {schedule.dataset} · {schedule.alias}
            </dd>
            <dt>Next tick</dt>
            <dd>{dateTime(schedule.nextTickAt)}</dd>
            <dt>Last fired</dt>
            <dd>{dateTime(schedule.lastFiredAt)}</dd>
          </dl>
          <ScheduleControls id={schedule.id} name={schedule.name} enabled={schedule.enabled} />
          <details>
            <summary>Edit</summary>
            <ScheduleForm
              key={schedule.updatedAt /* a fresh form when the schedule changed (e.g. paused) */}
              modelName={model.name}
              presets={presetNames}
              datasets={datasetNames}
              existing={{
                id: schedule.id,
                fields: {
                  name: schedule.name,
                  cron: schedule.cron,
                  dataset: schedule.dataset,
                  preset: '',
                  alias: schedule.alias,
                  modelName: schedule.modelName,
                  config: JSON.stringify(schedule.config, null, 2),
                  enabled: schedule.enabled,
                },
              }}
            />
          </details>
          <h4>Decisions</h4>
          {schedule.decisions.length === 0 ? (
            <p className="muted">No tick has fired yet.</p>
          ) : (
            <div className="table-wrap" role="region" aria-label={`Decisions of ${schedule.name}`} tabIndex={0}>
              <table aria-label={`Decisions of ${schedule.name}`}>
                <thead>
                  <tr>
                    <th scope="col">Tick</th>
                    <th scope="col">Promoted</th>
                    <th scope="col">Candidate</th>
                    <th scope="col">Current</th>
                    <th scope="col">Run</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {schedule.decisions.map((d) => (
                    <tr key={d.id}>
                      <td>{dateTime(d.tickAt)}</td>
                      <td>{d.promoted ? 'yes' : 'no'}</td>
                      <td>{versionCell(d.candidateVersion, d.candidateAccuracy)}</td>
                      <td>{versionCell(d.currentVersion, d.currentAccuracy)}</td>
                      <td>
                        {d.runId ? (
                          <Link href={`/runs/${d.runId}`} className="mono">
                            {d.runId.slice(0, 8)}
                          </Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td className="wrap">{d.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
      <details className="panel">
        <summary>New schedule for {model.name}</summary>
        <ScheduleForm modelName={model.name} presets={presetNames} datasets={datasetNames} />
      </details>
    </>
  );
}
