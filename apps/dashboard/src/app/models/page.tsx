import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiProblemNotice } from '@/components/common/api-problem-notice';
import { ModelsPageQuery } from '@/lib/api/documents';
import { query } from '@/lib/api/graphql-client';
import { load } from '@/lib/api/load';
import { dateTime, percent } from '@/lib/format/format';

export const metadata: Metadata = { title: 'Models' };

export default async function ModelsPage() {
  const loaded = await load(() => query(ModelsPageQuery, {}));
  if (!loaded.ok) {
    return (
      <>
        <h1>Models</h1>
        <ApiProblemNotice problem={loaded.problem} what="the models" />
      </>
    );
  }
  const { models } = loaded.data;
  return (
    <>
      <h1>Models</h1>
      {models.length === 0 ? (
        <p>No model is registered yet. A run started with a model name registers its classifier when it succeeds.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Models" tabIndex={0}>
          <table aria-label="Models">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Aliases</th>
                <th scope="col" className="num">
                  Versions
                </th>
                <th scope="col" className="num">
                  Best test accuracy
                </th>
                <th scope="col">Dataset</th>
                <th scope="col">Latest version</th>
              </tr>
            </thead>
            <tbody>
              {models.map((model) => {
                const best = model.versions.reduce<(typeof model.versions)[number] | null>((a, v) => (a === null || v.testAccuracy > a.testAccuracy ? v : a), null);
                const latest = model.versions[0];
                return (
                  <tr key={model.name}>
                    <td>
                      <Link href={`/models/${encodeURIComponent(model.name)}`}>{model.name}</Link>
                    </td>
                    <td>{model.aliases.length === 0 ? '—' : model.aliases.map((a) => `${a.alias} → v${a.version}`).join(', ')}</td>
                    <td className="num">{model.versions.length}</td>
                    <td className="num">{best ? `${percent(best.testAccuracy)} (v${best.version})` : '—'}</td>
                    <td>{latest?.dataset ?? '—'}</td>
                    <td>{latest ? `v${latest.version}, ${dateTime(latest.createdAt)}` : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
