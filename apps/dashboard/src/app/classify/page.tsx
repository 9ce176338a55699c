import type { Metadata } from 'next';
import { ApiProblemNotice } from '@/components/common/api-problem-notice';
import { Classifier, type ServableModel } from '@/components/classify/classifier';
import { SAMPLES_PER_PAGE } from '@/lib/classify/test-samples';
import { ClassifyPageQuery, TestSamplesQuery } from '@/lib/api/documents';
import { query } from '@/lib/api/graphql-client';
import { load } from '@/lib/api/load';
import { serverEnv } from '@/lib/server-env';

export const metadata: Metadata = { title: 'Classify' };

export default async function ClassifyPage() {
  const loaded = await load(async () => {
    const { models, datasets } = await query(ClassifyPageQuery, {});
    const servable: ServableModel[] = models.flatMap((model) => {
      const production = model.aliases.find((a) => a.alias === 'production');
      const version = model.versions.find((v) => v.version === production?.version);
      if (!production || !version) return [];
      const classNames = datasets.find((d) => d.name === version.dataset)?.classNames ?? [];
      return [{ name: model.name, version: version.version, dataset: version.dataset, classNames }];
    });
    const preferred = servable.find((m) => m.name === serverEnv().HSIC_DASHBOARD_MODEL) ?? servable[0];
    const samples = preferred ? (await query(TestSamplesQuery, { dataset: preferred.dataset, offset: 0, limit: SAMPLES_PER_PAGE })).dataset.testSamples : [];
    return { servable, preferred, samples };
  });
  if (!loaded.ok) {
    return (
      <>
        <h1>Classify</h1>
        <ApiProblemNotice problem={loaded.problem} what="the models" />
      </>
    );
  }
  const { servable, preferred, samples } = loaded.data;
  return (
    <>
      <h1>Classify</h1>
      <p className="muted">
        Requests go to this dashboard&apos;s <code>POST /api/classify</code> (multipart field <code>images</code>, the API&apos;s <code>:classify</code> contract), answered by the
        model&apos;s <code>production</code> version. From a script: <code>curl -F images=@digit.png {'<dashboard>'}/api/classify?model=NAME</code>.
      </p>
      {preferred ? (
        <Classifier models={servable} initialModel={preferred.name} initialSamples={samples} />
      ) : (
        <p className="notice">No model has a production version yet. The first run of `npm start` registers one; or promote a version on the Models page.</p>
      )}
    </>
  );
}
