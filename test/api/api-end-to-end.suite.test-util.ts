// The API end to end, on one database target: GraphQL (queries, mutations, the runProgress subscription
// over graphql-ws), training by a real worker, serving over REST, schedules, and bad input that must
// change nothing. The tests run in order and build on each other (a trained model is what serving needs).
import { connect } from 'node:net';
import request from 'supertest';
import sharp from 'sharp';
import { newApiKeySecret } from '@hsic/access';
import { ensureAdminKey } from '../../apps/api/src/access/bootstrap-keys.js';
import { startApiHarness, type ApiHarness } from './api-harness.test-util.js';
import { scheduleInput, SMOKE, startRunInput } from './builders.test-util.js';
import { collectSubscription, graphql, graphqlData, subscriptionClient, type GraphqlError } from './graphql-client.test-util.js';
import { mnistTestInstance, mnistTestPngs, type LabelledImage } from './mnist-images.test-util.js';
import type { TestTarget } from '../../libs/persistence/test/test-database.test-util.js';
import { eventually } from '@hsic/testing';

const LIMITS = { maxImages: 10, maxImageBytes: 16 * 1024, maxJsonBodyBytes: 256 * 1024 };
/** A 784-32-32 MLP trained on 512 digits gets most of these right (~85 % on the test split). */
const MIN_CORRECT_OF_10 = 8;

interface RunView {
  id: string;
  status: string;
  progress: { phase: string; epoch: number } | null;
  testAccuracy: { format: number | null; unformatted: number | null } | null;
  failureReason: string | null;
}
interface ProgressEvent {
  runProgress: { run: RunView; statusChanged: boolean; points: { phase: string; layer: number; batch: number; nhsicX: number | null; nhsicY: number | null }[] };
}
interface AliasView {
  alias: string;
  version: number;
}

const RUN_FIELDS = 'id status progress { phase epoch } testAccuracy { format unformatted } failureReason';
const START_RUN = `mutation($input: StartRunInput!) { startRun(input: $input) { ${RUN_FIELDS} } }`;
const RUN_PROGRESS = `subscription($runId: ID!) { runProgress(runId: $runId) {
  statusChanged run { ${RUN_FIELDS} } points { phase layer batch nhsicX nhsicY } } }`;

export function describeApiEndToEnd(target: TestTarget): void {
  describe(`API end to end (${target} database)`, () => {
    let h: ApiHarness;
    let base: string;
    /** GraphQL calls send the harness's ADMIN key (mutations need keys); REST calls go to `base` without one. */
    let api: { url: string; key: string };
    let firstRunId: string;
    let digits: LabelledImage[];

    /** Everything a bad request could damage: runs, models, versions, aliases, schedules. */
    const storedState = () =>
      graphqlData(api,
        `{ runs(first: 200) { totalCount nodes { id status } }
           models { name latestVersion versions { version checkpointId } aliases { alias version } }
           schedules { id cron enabled config } }`,
      );
    const runStatus = async (id: string) => (await graphqlData<{ run: RunView }>(api, `query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id })).run;
    const aliasesOf = async (model: string) =>
      (await graphqlData<{ model: { aliases: AliasView[] } }>(api, `query($m: String!) { model(name: $m) { aliases { alias version } } }`, { m: model })).model
        .aliases;
    const classify = (path: string, images: readonly LabelledImage[]) => {
      const req = request(base).post(path);
      for (const image of images) req.attach('images', image.png, { filename: image.filename, contentType: 'image/png' });
      return req;
    };

    beforeAll(async () => {
      h = await startApiHarness(target, LIMITS);
      base = h.api.url;
      api = { url: base, key: h.adminKey };
      digits = await mnistTestPngs(10);
    });

    afterAll(async () => {
      await h?.close();
    });

    it('answers the probes, the hello anchor and the datasets query', async () => {
      await request(base).get('/v2/health/live').expect(200);
      expect((await request(base).get('/v2/health/ready').expect(200)).body).toEqual({ ready: true });
      expect((await request(base).get('/v1/hello').expect(200)).body).toEqual({ message: 'hello' });
      const { datasets } = await graphqlData<{ datasets: { name: string; trainCount: number; classNames: string[] }[] }>(api,
        '{ datasets { name trainCount classNames } }',
      );
      expect(datasets).toContainEqual({ name: 'mnist-10k', trainCount: 8000, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
    });

    it('trains a run started through GraphQL and pushes its progress on the subscription until it ends', async () => {
      const { startRun } = await graphqlData<{ startRun: RunView }>(api, START_RUN, { input: startRunInput() });
      expect(startRun.status).toBe('QUEUED');
      firstRunId = startRun.id;

      const client = subscriptionClient(api);
      try {
        const { events, errors } = await collectSubscription<ProgressEvent>(client, RUN_PROGRESS, { runId: firstRunId });
        expect(errors).toEqual([]);
        const updates = events.map((e) => e.runProgress);
        expect(updates[0].statusChanged).toBe(true);
        expect(['QUEUED', 'RUNNING']).toContain(updates[0].run.status);
        const last = updates[updates.length - 1].run;
        expect({ status: last.status, failureReason: last.failureReason, workerLog: last.status === 'SUCCEEDED' ? [] : h.workerLog }).toEqual({
          status: 'SUCCEEDED',
          failureReason: null,
          workerLog: [],
        });
        const hsicPoints = updates.flatMap((u) => u.points).filter((p) => p.phase === 'HSIC' && p.layer >= 0 && p.batch >= 0);
        expect(hsicPoints.length).toBeGreaterThan(0);
        expect(hsicPoints.every((p) => p.nhsicX !== null && p.nhsicY !== null)).toBe(true);
      } finally {
        await client.dispose();
      }
    });

    it('answers a subscription to an unknown run with NOT_FOUND', async () => {
      const client = subscriptionClient(api);
      try {
        const { events, errors } = await collectSubscription(client, RUN_PROGRESS, { runId: 'no-such-run' });
        expect(events).toEqual([]);
        expect(errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      } finally {
        await client.dispose();
      }
    });

    it("stores the run's metrics and checkpoints, and registers its model as version 1 in production", async () => {
      const { run } = await graphqlData<{
        run: RunView & {
          perLayer: { layer: number; batch: number; nhsicX: number; nhsicY: number; loss: number }[];
          sampled: { layer: number; batch: number }[];
          epochs: { epoch: number; batch: number; testAccuracy: number | null }[];
          checkpoints: { final: boolean; sha256: string; sizeBytes: number; phase: string }[];
        };
      }>(api,
        `query($id: ID!) { run(id: $id) { ${RUN_FIELDS}
            perLayer: metrics(phase: HSIC, layer: 0) { layer batch nhsicX nhsicY loss }
            sampled: metrics(phase: HSIC, layer: 0, maxPoints: 2) { layer batch }
            epochs: metrics(phase: FORMAT) { epoch batch testAccuracy }
            checkpoints { final sha256 sizeBytes phase } } }`,
        { id: firstRunId },
      );
      const batchPoints = run.perLayer.filter((p) => p.batch >= 0);
      expect(batchPoints.length).toBeGreaterThan(2);
      expect(batchPoints.every((p) => p.layer === 0 && Number.isFinite(p.nhsicX) && Number.isFinite(p.nhsicY) && Number.isFinite(p.loss))).toBe(true);
      expect(run.sampled.filter((p) => p.batch >= 0).length).toBeLessThanOrEqual(2);
      expect(run.epochs.some((p) => p.batch === -1 && p.testAccuracy !== null)).toBe(true);
      expect(run.testAccuracy?.format).toBeGreaterThan(0.7);
      expect(run.checkpoints.some((c) => c.final)).toBe(true);
      expect(run.checkpoints.every((c) => /^[0-9a-f]{64}$/.test(c.sha256) && c.sizeBytes > 0)).toBe(true);

      const { model } = await graphqlData<{
        model: { latestVersion: number; versions: { version: number; kind: string; testAccuracy: number; run: { id: string }; checkpoint: { final: boolean } }[]; aliases: (AliasView & { history: { reason: string; toVersion: number }[] })[] };
      }>(
        api,
        `{ model(name: "digits") { latestVersion versions { version kind testAccuracy run { id } checkpoint { final } }
             aliases { alias version history { reason toVersion } } } }`,
      );
      expect(model.latestVersion).toBe(1);
      expect(model.versions).toEqual([{ version: 1, kind: 'FORMAT', testAccuracy: run.testAccuracy?.format, run: { id: firstRunId }, checkpoint: { final: true } }]);
      expect(model.aliases).toEqual([{ alias: 'production', version: 1, history: [{ reason: 'PROMOTE', toVersion: 1 }] }]);
    });

    it('classifies real MNIST test digits sent as PNG files', async () => {
      const res = await classify('/v1/models/digits:classify', digits).expect(200);
      const body = res.body as { predictions: { file: string; label: number; probabilities: number[] }[]; model: { name: string; version: number } };
      expect(body.model).toEqual({ name: 'digits', version: 1 });
      expect(body.predictions.map((p) => p.file)).toEqual(digits.map((d) => d.filename));
      const correct = body.predictions.filter((p, i) => p.label === digits[i].label).length;
      expect(correct).toBeGreaterThanOrEqual(MIN_CORRECT_OF_10);

      const status = await request(base).get('/v1/models/digits').expect(200);
      expect(status.body).toMatchObject({ name: 'digits', labels: { production: 1 }, model_version_status: [{ version: '1', state: 'AVAILABLE', loaded: true }] });
      const metadata = await request(base).get('/v1/models/digits/labels/production/metadata').expect(200);
      expect(metadata.body.metadata.input.shape).toEqual([28, 28, 1]);

      const instance = await mnistTestInstance(0);
      const predicted = await request(base).post('/v1/models/digits/versions/1:predict').send({ instances: [instance.values] }).expect(200);
      expect(predicted.body.predictions[0].label).toBe(body.predictions[0].label);
    });

    it('answers what the dashboard reads: presets, a dry-run check, search and order, workers, operations, test samples', async () => {
      const { presets } = await graphqlData<{ presets: { name: string; description: string; dataset: string; config: { hsic?: unknown } }[] }>(api,
        '{ presets { name description dataset config } }',
      );
      expect(presets.map((p) => p.name)).toEqual(expect.arrayContaining(['mnist-10k', 'smoke', 'general-fmnist']));
      expect(presets.find((p) => p.name === 'smoke')).toMatchObject({ dataset: 'mnist-10k', config: { hsic: expect.any(Object) } });
      expect(presets.every((p) => p.description.length > 0)).toBe(true);

      // The dry run answers what startRun answers, and stores nothing.
      const before = await storedState();
      const validate = (input: Record<string, unknown>) =>
        graphqlData<{ validateRun: { valid: boolean; problems: { field: string; message: string }[]; config: { hsic?: { epochs: number } } | null } }>(api,
          'query($input: StartRunInput!) { validateRun(input: $input) { valid problems { field message } config } }',
          { input },
        );
      const ok = (await validate(startRunInput({ config: { hsic: { epochs: 1 } } }))).validateRun;
      expect(ok).toMatchObject({ valid: true, problems: [], config: { hsic: { epochs: 1 } } });
      const badInput = startRunInput({ config: { hsic: { batchSize: -3 } } });
      const bad = (await validate(badInput)).validateRun;
      const refused = await graphql(api, START_RUN, { input: badInput });
      expect(bad.valid).toBe(false);
      expect(bad.config).toBeNull();
      expect(bad.problems[0].field).toBe(refused.errors[0].extensions?.field);
      expect(bad.problems[0].message).toBe(refused.errors[0].extensions?.reason);
      expect((await validate(startRunInput({ preset: 'no-such-preset' }))).validateRun.problems).toEqual([
        { field: 'preset', message: expect.stringContaining("unknown preset 'no-such-preset'") },
      ]);
      expect(await storedState()).toEqual(before);

      const listed = async (variables: Record<string, unknown>) =>
        (
          await graphqlData<{ runs: { totalCount: number; nodes: { id: string; testAccuracy: { format: number | null } | null }[] } }>(api,
            'query($filter: RunFilter, $orderBy: RunOrder) { runs(filter: $filter, orderBy: $orderBy) { totalCount nodes { id testAccuracy { format } } } }',
            variables,
          )
        ).runs;
      expect((await listed({ filter: { search: `${firstRunId.slice(0, 8).toUpperCase()} digits` } })).nodes.map((r) => r.id)).toEqual([firstRunId]);
      expect((await listed({ filter: { search: 'no-such-word-anywhere' } })).totalCount).toBe(0);
      const byAccuracy = await listed({ orderBy: { field: 'FORMAT_ACCURACY', direction: 'ASC' } });
      const accuracies = byAccuracy.nodes.map((r) => r.testAccuracy?.format ?? null).filter((a) => a !== null);
      expect(accuracies).toEqual([...accuracies].sort((a, b) => a - b));
      expect(byAccuracy.nodes[0].id).toBeDefined();
      const tooLong = await graphql(api, 'query($f: RunFilter) { runs(filter: $f) { totalCount } }', { f: { search: 'x'.repeat(201) } });
      expect(tooLong.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search' });

      const { workers } = await graphqlData<{ workers: { id: string; state: string; device: string; backend: string; detail: string }[] }>(api,
        '{ workers { id state device backend detail currentRun { id } } }',
      );
      expect(workers).toContainEqual(expect.objectContaining({ id: `e2e-worker-${target}`, state: 'ALIVE', device: 'CPU', backend: h.api.backend }));

      const { operations } = await graphqlData<{
        operations: { api: { ready: boolean; backend: string; uptimeSeconds: number; embeddedDatabase: boolean }; trainingQueue: { queued: number; active: number }; runs: { status: string; count: number }[] };
      }>(api, '{ operations { api { ready backend uptimeSeconds embeddedDatabase } trainingQueue { queue queued active } runs { status count } } }');
      expect(operations.api).toMatchObject({ ready: true, backend: h.api.backend, embeddedDatabase: target === 'embedded' });
      expect(operations.api.uptimeSeconds).toBeGreaterThan(0);
      expect(operations.runs.map((r) => r.status)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
      expect(operations.runs.find((r) => r.status === 'SUCCEEDED')?.count).toBeGreaterThanOrEqual(1);

      const { dataset } = await graphqlData<{ dataset: { testSamples: { index: number; label: number; className: string; pngDataUrl: string }[] } }>(api,
        '{ dataset(name: "mnist-10k") { testSamples(offset: 0, limit: 3) { index label className pngDataUrl } } }',
      );
      const digitsSamples = dataset.testSamples;
      expect(digitsSamples.map((s) => [s.index, s.label])).toEqual(digits.slice(0, 3).map((d, i) => [i, d.label]));
      expect(digitsSamples.every((s) => s.pngDataUrl.startsWith('data:image/png;base64,'))).toBe(true);
      const badLimit = await graphql(api, '{ dataset(name: "mnist-10k") { testSamples(limit: 500) { index } } }');
      expect(badLimit.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    });

    it('estimates every run before storing it, and refuses one that does not fit a worker with the estimate and the limit', async () => {
      const validate = async (config: Record<string, unknown>) =>
        (
          await graphqlData<{ validateRun: { valid: boolean; problems: { field: string; message: string }[]; estimate: { memoryBytes: number; parameterBytes: number; budgetBytes: number; budgetSource: string; gigaflops: number; roughDuration: string } | null } }>(
            api,
            'query($input: StartRunInput!) { validateRun(input: $input) { valid problems { field message } estimate { memoryBytes parameterBytes budgetBytes budgetSource gigaflops roughDuration } } }',
            { input: startRunInput({ config }) },
          )
        ).validateRun;
      const small = await validate({});
      expect(small).toMatchObject({ valid: true, estimate: { memoryBytes: expect.any(Number), gigaflops: expect.any(Number) } });
      expect(small.estimate!.memoryBytes).toBeLessThan(small.estimate!.budgetBytes);
      expect(small.estimate!.roughDuration).toMatch(/^about \d/);
      const huge = await validate({ model: { hiddenLayers: 200, hiddenWidth: 16384 } });
      expect(huge.valid).toBe(false);
      expect(huge.estimate!.parameterBytes).toBeGreaterThan(500 * 2 ** 30);
      expect(huge.problems[0]).toEqual({ field: 'config', message: expect.stringMatching(/^the run needs about \d+\.\d GiB of memory \(data .*\); a worker may use .* \(70 % of this machine's .*\)/) });
      const refused = await graphql(api, START_RUN, { input: startRunInput({ config: { model: { hiddenLayers: 200, hiddenWidth: 16384 } } }) });
      expect(refused.errors[0].extensions?.reason).toBe(huge.problems.map((p) => p.message).join('; '));
    });

    it('lets the local dashboard origin call it from a browser, and no other origin', async () => {
      const allowed = 'http://localhost:3001';
      const preflight = await request(base).options('/graphql').set('origin', allowed).set('access-control-request-method', 'POST').set('access-control-request-headers', 'content-type');
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers['access-control-allow-origin']).toBe(allowed);
      const answered = await request(base).post('/graphql').set('origin', allowed).send({ query: '{ presets { name } }' }).expect(200);
      expect(answered.headers['access-control-allow-origin']).toBe(allowed);
      const predicted = await request(base).post('/v1/models/digits:predict').set('origin', allowed).send({ instances: [(await mnistTestInstance(0)).values] }).expect(200);
      expect(predicted.headers['access-control-allow-origin']).toBe(allowed);

      const foreign = await request(base).post('/graphql').set('origin', 'https://evil.example').send({ query: '{ presets { name } }' });
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
      const foreignPredict = await request(base).post('/v1/models/digits:predict').set('origin', 'https://evil.example').send({ instances: [(await mnistTestInstance(0)).values] });
      expect(foreignPredict.headers['access-control-allow-origin']).toBeUndefined();
    });

    it("post-trains a new readout on a finished run's nets with a FORMAT run", async () => {
      const input = { kind: 'FORMAT', dataset: 'mnist-10k', sourceRunId: firstRunId, config: { format: { epochs: 2 } } };
      const { startRun } = await graphqlData<{ startRun: RunView & { kind: string; sourceRunId: string; config: { format: { epochs: number }; hsic: unknown } } }>(api,
        `mutation($input: StartRunInput!) { startRun(input: $input) { ${RUN_FIELDS} kind sourceRunId config } }`,
        { input },
      );
      expect({ kind: startRun.kind, sourceRunId: startRun.sourceRunId, formatEpochs: startRun.config.format.epochs }).toEqual({
        kind: 'FORMAT',
        sourceRunId: firstRunId,
        formatEpochs: 2,
      });
      const { run } = await eventually(async () => {
        const result = await graphqlData<{
          run: RunView & { hsicPoints: unknown[]; formatEpochs: { epoch: number }[]; checkpoints: { final: boolean; phase: string; role: string }[] };
        }>(api,
          `query($id: ID!) { run(id: $id) { ${RUN_FIELDS} hsicPoints: metrics(phase: HSIC) { batch }
              formatEpochs: metrics(phase: FORMAT) { epoch } checkpoints { final phase role } } }`,
          { id: startRun.id },
        );
        expect(['SUCCEEDED', 'FAILED']).toContain(result.run.status);
        return result;
      }, 60_000, 250);
      expect({ status: run.status, failureReason: run.failureReason }).toEqual({ status: 'SUCCEEDED', failureReason: null });
      expect(run.testAccuracy?.format).toBeGreaterThan(0.7);
      expect(run.hsicPoints).toEqual([]); // the source's nets were reused, not retrained
      expect(Math.max(...run.formatEpochs.map((p) => p.epoch))).toBe(2);
      expect(run.checkpoints).toContainEqual({ final: true, phase: 'FORMAT', role: 'hsic' });
    });

    it("fires a schedule's cron tick: the tick trains a candidate and the gate's decision shows in GraphQL", async () => {
      const { createSchedule } = await graphqlData<{ createSchedule: { id: string; nextTickAt: string } }>(api,
        'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id nextTickAt } }',
        { input: scheduleInput() },
      );
      // Just past the next minute on the API's queue clock: its scheduler sends that tick's job, as a real minute
      // would. (Not now + 61 s: from hh:mm:59 that crosses two minutes and fires two ticks.)
      await h.clock.advanceTo(new Date(Math.floor(h.clock.now().getTime() / 60_000) * 60_000 + 61_000));

      type Decision = { promoted: boolean; reason: string; candidateAccuracy: number; currentAccuracy: number; candidateVersion: { version: number }; run: { status: string } };
      const decision = await eventually(async () => {
        const { schedule } = await graphqlData<{ schedule: { lastFiredAt: string | null; decisions: Decision[] } }>(api,
          `query($id: ID!) { schedule(id: $id) { lastFiredAt decisions { promoted reason candidateAccuracy currentAccuracy
              candidateVersion { version } run { status } } } }`,
          { id: createSchedule.id },
        );
        expect(schedule.decisions).toHaveLength(1);
        return { ...schedule.decisions[0], lastFiredAt: schedule.lastFiredAt };
      }, 90_000, 500);
      expect(decision.lastFiredAt).not.toBeNull();
      expect(decision.run.status).toBe('SUCCEEDED');
      expect(decision.candidateVersion.version).toBe(2);
      expect(decision.promoted).toBe(decision.candidateAccuracy > decision.currentAccuracy);
      expect(decision.reason).toMatch(/v2/);
      expect(await aliasesOf('digits')).toEqual([{ alias: 'production', version: decision.promoted ? 2 : 1 }]);
      const { runs } = await graphqlData<{ runs: { totalCount: number; nodes: { scheduleId: string; status: string }[] } }>(api,
        'query($id: ID!) { runs(filter: { schedule: $id }) { totalCount nodes { scheduleId status } } }',
        { id: createSchedule.id },
      );
      expect(runs).toEqual({ totalCount: 1, nodes: [{ scheduleId: createSchedule.id, status: 'SUCCEEDED' }] });

      await graphqlData(api, 'mutation($id: ID!) { updateSchedule(id: $id, input: { enabled: false }) { enabled } }', { id: createSchedule.id });
    });

    it('promotes and rolls back an alias, and the labels route serves whatever it points at', async () => {
      const [{ version: before }] = await aliasesOf('digits');
      const other = before === 1 ? 2 : 1;
      const promoted = await graphqlData<{ promoteVersion: AliasView }>(api,
        'mutation { promoteVersion(model: "digits", version: ' + other + ', alias: "production") { alias version } }',
      );
      expect(promoted.promoteVersion).toEqual({ alias: 'production', version: other });
      expect((await classify('/v1/models/digits/labels/production:classify', digits.slice(0, 1)).expect(200)).body.model.version).toBe(other);

      const rolledBack = await graphqlData<{ rollbackAlias: AliasView }>(api, 'mutation { rollbackAlias(model: "digits", alias: "production") { alias version } }');
      expect(rolledBack.rollbackAlias).toEqual({ alias: 'production', version: before });
      expect((await classify('/v1/models/digits/labels/production:classify', digits.slice(0, 1)).expect(200)).body.model.version).toBe(before);

      const { model } = await graphqlData<{ model: { aliasHistory: { reason: string; toVersion: number }[] } }>(api,
        '{ model(name: "digits") { aliasHistory(alias: "production") { reason toVersion } } }',
      );
      expect(model.aliasHistory.slice(-2)).toEqual([
        { reason: 'PROMOTE', toVersion: other },
        { reason: 'ROLLBACK', toVersion: before },
      ]);
    });

    it('cancels a run', async () => {
      const { startRun } = await graphqlData<{ startRun: RunView }>(api, START_RUN, { input: startRunInput({ modelName: null }) });
      const { cancelRun } = await graphqlData<{ cancelRun: RunView & { cancelRequested: boolean } }>(api,
        'mutation($id: ID!) { cancelRun(id: $id) { id status cancelRequested } }',
        { id: startRun.id },
      );
      expect(cancelRun.cancelRequested).toBe(true);
      // Queued: cancelled at once. Already taken by the worker: it stops at its next check.
      await eventually(async () => expect((await runStatus(startRun.id)).status).toBe('CANCELLED'), 60_000, 250);
    });

    it('starts one run for a retried startRun with the same idempotency key, and refuses the key with another input', async () => {
      const idempotencyKey = `e2e-${target}-${Date.now()}`;
      // Long enough to be still training when the test cancels it at the end (a smoke run can finish first).
      const input = startRunInput({ modelName: null, idempotencyKey, config: { ...SMOKE.config, hsic: { epochs: 1000 } } });
      const [first, retried] = await Promise.all([
        graphqlData<{ startRun: RunView }>(api, START_RUN, { input }),
        graphqlData<{ startRun: RunView }>(api, START_RUN, { input }),
      ]);
      expect(retried.startRun.id).toBe(first.startRun.id);
      const again = await graphqlData<{ startRun: RunView }>(api, START_RUN, { input: { ...input, config: { ...(input.config as object) } } });
      expect(again.startRun.id).toBe(first.startRun.id);
      const { runs } = await graphqlData<{ runs: { nodes: { id: string }[] } }>(api, '{ runs(first: 200) { nodes { id } } }');
      expect(runs.nodes.filter((run) => run.id === first.startRun.id)).toHaveLength(1);
      const other = await graphql<{ startRun: RunView }>(api, START_RUN, { input: { ...input, modelName: 'another-model' } });
      expect(other.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'idempotencyKey' }, message: expect.stringContaining(`run ${first.startRun.id}`) });
      const malformed = await graphql<{ startRun: RunView }>(api, START_RUN, { input: { ...input, idempotencyKey: 'no spaces allowed' } });
      expect(malformed.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'idempotencyKey' } });
      await graphqlData(api, 'mutation($id: ID!) { cancelRun(id: $id) { id } }', { id: first.startRun.id });
      await eventually(async () => expect((await runStatus(first.startRun.id)).status).toBe('CANCELLED'), 60_000, 250);
    });

    describe('bad input is answered with 4xx and changes nothing', () => {
      let before: unknown;
      beforeEach(async () => {
        before = await storedState();
      });
      afterEach(async () => {
        expect(await storedState()).toEqual(before);
      });

      const png = () => digits[0].png;
      it.each([
        ['a corrupt PNG', 400, 'invalid_request', () => classify('/v1/models/digits:classify', [{ ...digits[0], png: Buffer.concat([png().subarray(0, 40), Buffer.alloc(60, 7)]) }])],
        ['bytes that are no image', 415, 'unsupported_media_type', () => classify('/v1/models/digits:classify', [{ ...digits[0], png: Buffer.from('just some text, not an image') }])],
        ['an image above the size limit', 413, 'payload_too_large', () => classify('/v1/models/digits:classify', [{ ...digits[0], png: Buffer.concat([png(), Buffer.alloc(LIMITS.maxImageBytes)]) }])],
        ['more images than the limit', 413, 'payload_too_large', () => classify('/v1/models/digits:classify', [...digits, digits[0]])],
        ['files in the wrong multipart field', 400, 'invalid_request', () => request(base).post('/v1/models/digits:classify').attach('image', png(), 'x.png')],
        ['a :classify without a multipart body', 415, 'unsupported_media_type', () => request(base).post('/v1/models/digits:classify').send({ images: [] })],
        ['an instance of the wrong shape', 400, 'invalid_request', () => request(base).post('/v1/models/digits:predict').send({ instances: [[0.5, 0.5, 0.5]] })],
        ['malformed JSON', 400, 'invalid_request', () => request(base).post('/v1/models/digits:predict').set('content-type', 'application/json').send('{"instances": [')],
        ['a JSON body above the limit', 413, 'payload_too_large', () => request(base).post('/v1/models/digits:predict').send({ instances: [Array(LIMITS.maxJsonBodyBytes / 2).fill(0.5)] })],
        ['an unknown model', 404, 'model_not_found', () => request(base).post('/v1/models/no-such-model:predict').send({ instances: [[0]] })],
        ['an unknown version', 404, 'model_not_found', () => classify('/v1/models/digits/versions/99:classify', digits.slice(0, 1))],
        ['the wrong method', 405, 'method_not_allowed', () => request(base).get('/v1/models/digits:predict')],
        ['a :predict body that is not JSON', 415, 'unsupported_media_type', () => request(base).post('/v1/models/digits:predict').set('content-type', 'text/plain').send('0.5,0.5')],
        ['an invalid model name in the path', 400, 'invalid_path', () => request(base).get('/v1/models/bad%20name')],
        [
          'a form with too many fields',
          413,
          'payload_too_large',
          () => {
            const form = request(base).post('/v1/models/digits:classify');
            for (let i = 0; i < 20; i++) form.field(`f${i}`, 'x');
            return form.attach('images', png(), 'x.png');
          },
        ],
      ])('REST: %s → %i', async (_name, status, code, send) => {
        const res = await send();
        expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({ status, code });
        expect(typeof (res.body as { error?: unknown }).error).toBe('string');
      });

      const graphqlCases: [string, string, Record<string, unknown>, { code: string; field?: string }][] = [
        ['an invalid config value', START_RUN, { input: startRunInput({ config: { hsic: { batchSize: 1 } } }) }, { code: 'BAD_USER_INPUT', field: 'config.hsic.batchSize' }],
        ['a β without bound', START_RUN, { input: startRunInput({ config: { hsic: { beta: 1e9 } } }) }, { code: 'BAD_USER_INPUT', field: 'config.hsic.beta' }],
        ['a server path as the data folder', START_RUN, { input: startRunInput({ config: { data: { dataDir: '/etc' } } }) }, { code: 'BAD_USER_INPUT', field: 'config.data.dataDir' }],
        [
          'a net too big for any worker here',
          START_RUN,
          { input: startRunInput({ config: { model: { hiddenLayers: 200, hiddenWidth: 16384 } } }) },
          { code: 'BAD_USER_INPUT', field: 'config' },
        ],
        [
          'a schedule whose runs could never train',
          'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }',
          { input: scheduleInput({ name: 'too-big', config: { model: { hiddenLayers: 200, hiddenWidth: 16384 } } }) },
          { code: 'BAD_USER_INPUT', field: 'config' },
        ],
        ['an unknown preset', START_RUN, { input: startRunInput({ preset: 'no-such-preset' }) }, { code: 'BAD_USER_INPUT', field: 'preset' }],
        ['an unknown dataset', START_RUN, { input: startRunInput({ dataset: 'no-such-dataset' }) }, { code: 'BAD_USER_INPUT', field: 'dataset' }],
        ['an unknown run kind', START_RUN, { input: startRunInput({ kind: 'NOPE' }) }, { code: 'BAD_USER_INPUT', field: 'kind' }],
        ['an invalid model name', START_RUN, { input: startRunInput({ modelName: 'no spaces allowed' }) }, { code: 'BAD_USER_INPUT', field: 'modelName' }],
        ['a FORMAT run without a source run', START_RUN, { input: startRunInput({ kind: 'FORMAT' }) }, { code: 'BAD_USER_INPUT', field: 'sourceRunId' }],
        ['a FORMAT run from an unknown run', START_RUN, { input: startRunInput({ kind: 'FORMAT', sourceRunId: 'no-such-run' }) }, { code: 'BAD_USER_INPUT', field: 'sourceRunId' }],
        ['a source run on a PIPELINE run', START_RUN, { input: startRunInput({ sourceRunId: 'any' }) }, { code: 'BAD_USER_INPUT', field: 'sourceRunId' }],
        [
          'an invalid cron expression',
          'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }',
          { input: scheduleInput({ name: 'bad-cron', cron: '61 * * * *' }) },
          { code: 'BAD_USER_INPUT', field: 'cron' },
        ],
        [
          'a schedule name that is taken',
          'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }',
          { input: scheduleInput() },
          { code: 'BAD_USER_INPUT', field: 'name' },
        ],
        ['promoting a version that does not exist', 'mutation { promoteVersion(model: "digits", version: 99, alias: "production") { version } }', {}, { code: 'NOT_FOUND' }],
        ['an invalid alias name', 'mutation { promoteVersion(model: "digits", version: 1, alias: "Not Valid") { version } }', {}, { code: 'BAD_USER_INPUT', field: 'alias' }],
        ['an unknown run id', 'mutation { cancelRun(id: "no-such-run") { id } }', {}, { code: 'NOT_FOUND' }],
      ];
      it.each(graphqlCases)('GraphQL: %s', async (_name, query, variables, expected) => {
        const { data, errors } = await graphql(api, query, variables);
        expect(data === null || Object.values(data).every((v) => v === null)).toBe(true);
        expect(errors).toHaveLength(1);
        const [error] = errors as [GraphqlError];
        expect({ code: error.extensions?.code, ...(expected.field ? { field: error.extensions?.field } : {}) }).toEqual(expected);
        expect(error.message.length).toBeGreaterThan(0);
        expect(error.extensions).not.toHaveProperty('stacktrace');
      });
    });

    it('reports requests, serving batches, queue depth and runs by status on /metrics', async () => {
      const text = (await request(base).get('/metrics').expect(200)).text;
      expect(text).toMatch(/hsic_http_requests_total\{method="POST",route="\/v1\/models\/\{name\}:classify",status="200"\} \d+/);
      expect(text).toMatch(/hsic_http_request_duration_seconds_bucket\{[^}]*route="\/graphql"/);
      expect(text).toMatch(/hsic_serving_batches_total\{model="digits",version="1",outcome="ok"\} \d+/);
      expect(text).toMatch(/hsic_queue_jobs\{queue="training-run",state="queued"\} 0/);
      const stored = async (status: string) =>
        (await graphqlData<{ runs: { totalCount: number } }>(api, 'query($s: RunStatus) { runs(filter: { status: $s }) { totalCount } }', { s: status })).runs.totalCount;
      expect(await stored('SUCCEEDED')).toBe(3);
      for (const status of ['SUCCEEDED', 'CANCELLED']) expect(text).toContain(`hsic_runs{status="${status}"} ${await stored(status)}`);
      expect(text).toMatch(/hsic_api_process_cpu_seconds_total/);
      expect(h.apiErrors).toEqual([]);
    });

    it('sheds load past the predictions it holds at once: 503 with Retry-After, never an unbounded queue', async () => {
      const busy = await h.startAnotherApi({ limits: { ...LIMITS, maxPendingRequests: 1, maxImageBytes: 4 * 2 ** 20 } });
      const instance = { instances: [(await mnistTestInstance(0)).values] };
      // One slow request holds the only place: ten large images, decoded one after another.
      const large = await sharp(digits[0].png).resize(1500, 1500).png().toBuffer();
      const slow = request(busy.url).post('/v1/models/digits:classify');
      for (let i = 0; i < 10; i++) slow.attach('images', large, `large-${i}.png`);
      const slowAnswer = slow.then((res) => res);
      await eventually(() => expect(busy.modelServer.pendingRequests).toBe(1), 10_000, 5);
      const shed = await request(busy.url).post('/v1/models/digits:predict').send(instance);
      expect({ status: shed.status, retryAfter: shed.headers['retry-after'], code: shed.body.code }).toEqual({ status: 503, retryAfter: '1', code: 'overloaded' });
      expect((await slowAnswer).status).toBe(200);
      await request(busy.url).post('/v1/models/digits:predict').send(instance).expect(200); // and serves again once it is free
    });

    it('limits requests per client: 429 with Retry-After past the limit, in the shape the caller reads; health and other clients unaffected', async () => {
      const limited = await h.startAnotherApi({ rateLimitPerSecond: 3 });
      const query = () => request(limited.url).post('/graphql').set('authorization', `Bearer ${h.adminKey}`).send({ query: '{ presets { name } }' });
      const answers = await Promise.all(Array.from({ length: 12 }, query));
      const statuses = answers.map((answer) => answer.status);
      // Fixed one-second windows: a slow machine may straddle two of them, never more in 12 parallel requests.
      expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(6);
      const refused = answers.find((answer) => answer.status === 429);
      expect(refused?.headers['retry-after']).toMatch(/^[12]$/);
      expect(refused?.body.errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' }, message: expect.stringContaining('at most 3 a second') });
      const rest = await Promise.all(Array.from({ length: 8 }, () => request(limited.url).get('/v1/models/digits').set('authorization', `Bearer ${h.adminKey}`)));
      expect(rest.find((answer) => answer.status === 429)?.body).toMatchObject({ code: 'rate_limited' });
      await request(limited.url).get('/v2/health/ready').expect(200);
      await request(limited.url).post('/graphql').send({ query: '{ presets { name } }' }).expect(200); // no key: another client (its address)
    });

    it('cuts off a client that sends its request too slowly (408), instead of holding the socket', async () => {
      const impatient = await h.startAnotherApi({ requestTimeoutMs: 1_000 });
      const { port } = new URL(impatient.url);
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{'));
        let received = '';
        socket.on('data', (chunk) => (received += String(chunk)));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
      });
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    describe('limits on what one GraphQL operation may ask for', () => {
      const post = (body: unknown) => request(base).post('/graphql').set('content-type', 'application/json').send(body as object);

      it('refuses an operation that costs more than allowed, counting list sizes and their variables', async () => {
        // The attack from the report: one page of 200 runs, each with all its metric points, aliased.
        const attack = `{ ${Array.from({ length: 3 }, (_, i) => `a${i}: runs(first: 200) { nodes { metrics { nhsicX } } }`).join(' ')} }`;
        const refused = await post({ query: attack });
        expect(refused.status).toBe(400);
        expect(refused.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxCost', maxCost: 10_000 });
        expect(refused.body.errors[0].extensions.cost).toBeGreaterThan(60_000);
        expect(refused.body.errors[0].message).toContain('more than the 10000 allowed');
        const viaVariable = await post({ query: 'query($n: Int) { runs(first: $n) { nodes { metrics { nhsicX } } } }', variables: { n: 150 } });
        expect(viaVariable.body.errors[0].extensions.limit).toBe('maxCost');
        // What the dashboard asks for stays well inside.
        const page = await post({ query: 'query($n: Int) { runs(first: $n) { nodes { id status config testAccuracy { format } timings { createdAt } } } }', variables: { n: 50 } });
        expect(page.body.errors).toBeUndefined();
      });

      it('refuses more aliases than allowed, a document too long to parse, and batched operations', async () => {
        const aliases = await post({ query: `{ ${Array.from({ length: 21 }, (_, i) => `p${i}: presets { name }`).join(' ')} }` });
        expect(aliases.status).toBe(400);
        expect(aliases.body.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, message: expect.stringMatching(/Aliases limit of 20 exceeded/) });
        const tokens = await post({ query: `{ presets { ${'name '.repeat(6000)} } }` });
        expect(tokens.status).toBe(400);
        expect(tokens.body.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' }, message: expect.stringMatching(/more tha[nt] 5000 tokens/) });
        const batch = await post([{ query: '{ presets { name } }' }, { query: '{ datasets { name } }' }]);
        expect(batch.status).toBe(400);
        const client = subscriptionClient(api);
        try {
          const aliased = `subscription($runId: ID!) { runProgress(runId: $runId) { ${Array.from({ length: 21 }, (_, i) => `s${i}: statusChanged`).join(' ')} } }`;
          const { events, errors } = await collectSubscription(client, aliased, { runId: firstRunId });
          expect(events).toEqual([]);
          expect(errors[0].message).toMatch(/Aliases limit of 20 exceeded/);
        } finally {
          await client.dispose();
        }
      });

      it('refuses nesting deeper than allowed, and answers no introspection in production', async () => {
        const strict = await h.startAnotherApi({ queryLimits: { maxDepth: 3 }, production: true });
        const deep = await request(strict.url).post('/graphql').send({ query: '{ model(name: "digits") { versions { run { id } } } }' });
        expect(deep.status).toBe(400);
        expect(deep.body.errors[0].message).toMatch(/Query depth limit of 3 exceeded/);
        const introspection = await request(strict.url).post('/graphql').send({ query: '{ __schema { types { name } } }' });
        expect(introspection.body.errors[0].message).toMatch(/introspection is not allowed/i);
        expect((await post({ query: '{ __schema { queryType { name } } }' })).body.data.__schema.queryType.name).toBe('Query'); // on by default
      });
    });

    describe('keys and roles', () => {
      const KEY_FIELDS = 'key { id name role prefix createdBy revokedAt } secret';
      const createKey = async (name: string, role: string) =>
        (
          await graphqlData<{ createApiKey: { key: { name: string; role: string; prefix: string; createdBy: string }; secret: string } }>(
            api,
            `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { ${KEY_FIELDS} } }`,
            { input: { name, role } },
          )
        ).createApiKey;
      const as = (key?: string) => ({ url: base, key });
      const codeOf = (res: { errors: GraphqlError[] }) => res.errors[0]?.extensions?.code;
      let reader: string;
      let trainer: string;

      beforeAll(async () => {
        reader = (await createKey(`reader ${target}`, 'READ')).secret;
        trainer = (await createKey(`trainer ${target}`, 'TRAIN')).secret;
      });

      it('makes keys shown once, lists them without secrets, and refuses a name twice', async () => {
        const made = await createKey(`listed ${target}`, 'READ');
        expect(made.secret).toMatch(/^hsic_/);
        expect(made.key).toMatchObject({ name: `listed ${target}`, role: 'READ', prefix: made.secret.slice(0, 12), createdBy: `e2e admin ${target}` });
        const listed = await graphql<{ apiKeys: { name: string }[] }>(api, '{ apiKeys { name role prefix lastUsedAt revokedAt } }');
        expect(listed.data?.apiKeys.map((k) => k.name)).toEqual(expect.arrayContaining([`listed ${target}`, `reader ${target}`, `trainer ${target}`]));
        expect(JSON.stringify(listed)).not.toContain(made.secret);
        const again = await graphql(api, 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }', { input: { name: `listed ${target}`, role: 'ADMIN' } });
        expect(again.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
      });

      it('needs a key of the right role for every mutation: none → UNAUTHENTICATED, too low → FORBIDDEN', async () => {
        const before = await storedState();
        expect(codeOf(await graphql(as(), START_RUN, { input: startRunInput() }))).toBe('UNAUTHENTICATED');
        expect(codeOf(await graphql(as(reader), START_RUN, { input: startRunInput() }))).toBe('FORBIDDEN');
        const promote = 'mutation { promoteVersion(model: "digits", version: 1, alias: "staging") { version } }';
        expect(codeOf(await graphql(as(), promote))).toBe('UNAUTHENTICATED');
        expect(codeOf(await graphql(as(trainer), promote))).toBe('FORBIDDEN');
        expect(codeOf(await graphql(as(trainer), 'mutation { createSchedule(input: {name: "x", cron: "0 3 * * *", dataset: "mnist-10k", preset: "smoke", modelName: "digits"}) { id } }'))).toBe('FORBIDDEN');
        expect(codeOf(await graphql(as(trainer), 'mutation { createApiKey(input: {name: "sneaky", role: ADMIN}) { secret } }'))).toBe('FORBIDDEN');
        expect(codeOf(await graphql(as(reader), '{ apiKeys { name } }'))).toBe('FORBIDDEN');
        expect(codeOf(await graphql(as(), '{ apiKeys { name } }'))).toBe('UNAUTHENTICATED');
        expect(await storedState()).toEqual(before);
        // Reads stay open by default.
        expect((await graphql(as(), '{ presets { name } }')).errors).toEqual([]);
      });

      it('records who did it: the run, its cancel, the alias move and the schedule carry the key names', async () => {
        const started = await graphqlData<{ startRun: { id: string } }>(as(trainer), START_RUN, { input: startRunInput({ modelName: null }) });
        await graphqlData(as(trainer), 'mutation($id: ID!) { cancelRun(id: $id) { id } }', { id: started.startRun.id });
        const { run } = await graphqlData<{ run: { requestedBy: string; cancelledBy: string } }>(api, 'query($id: ID!) { run(id: $id) { requestedBy cancelledBy } }', { id: started.startRun.id });
        expect(run).toEqual({ requestedBy: `trainer ${target}`, cancelledBy: `trainer ${target}` });

        await graphqlData(api, 'mutation { promoteVersion(model: "digits", version: 1, alias: "audited") { version } }');
        const { model } = await graphqlData<{ model: { aliasHistory: { actor: string | null }[] } }>(api, '{ model(name: "digits") { aliasHistory(alias: "audited") { actor } } }');
        expect(model.aliasHistory.map((e) => e.actor)).toEqual([`e2e admin ${target}`]);

        const { createSchedule } = await graphqlData<{ createSchedule: { id: string; createdBy: string } }>(
          api,
          'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id createdBy } }',
          { input: scheduleInput({ name: `audited-${target}`, enabled: false }) },
        );
        expect(createSchedule.createdBy).toBe(`e2e admin ${target}`);
        await graphqlData(api, 'mutation($id: ID!) { deleteSchedule(id: $id) }', { id: createSchedule.id });
      });

      it('answers a bad key with 401 everywhere, even where no key is needed', async () => {
        const unknown = `hsic_${'A'.repeat(43)}`;
        const res = await request(base).post('/graphql').set('authorization', `Bearer ${unknown}`).send({ query: '{ presets { name } }' });
        expect(res.status).toBe(401);
        expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
        const malformed = await request(base).post('/graphql').set('authorization', 'Basic dXNlcjpwdw==').send({ query: '{ presets { name } }' });
        expect(malformed.status).toBe(401);
        const predict = await request(base).post('/v1/models/digits:predict').set('authorization', `Bearer ${unknown}`).send({ instances: [(await mnistTestInstance(0)).values] });
        expect({ status: predict.status, body: predict.body, challenge: predict.headers['www-authenticate'] }).toEqual({
          status: 401,
          body: { error: 'unknown or revoked API key', code: 'unauthenticated' },
          challenge: 'Bearer',
        });
        const classify = await request(base).post('/v1/models/digits:classify').set('authorization', `Bearer ${unknown}`).attach('images', digits[0].png, 'a.png');
        expect(classify.status).toBe(401);
        await request(base).post('/v1/models/digits:predict').set('authorization', `Bearer ${reader}`).send({ instances: [(await mnistTestInstance(0)).values] }).expect(200);
        const client = subscriptionClient(as(unknown));
        try {
          const { errors } = await collectSubscription(client, RUN_PROGRESS, { runId: firstRunId });
          expect(errors.map((e) => e.message).join(' ')).toMatch(/4401|unknown or revoked/);
        } finally {
          await client.dispose();
        }
      });

      it('revokes a key: it stops working at once', async () => {
        const doomed = await createKey(`doomed ${target}`, 'TRAIN');
        const revoked = await graphqlData<{ revokeApiKey: { name: string; revokedAt: string | null } }>(api, 'mutation($k: String!) { revokeApiKey(key: $k) { name revokedAt } }', { k: `doomed ${target}` });
        expect(revoked.revokeApiKey.revokedAt).not.toBeNull();
        const refused = await graphql(as(doomed.secret), START_RUN, { input: startRunInput() });
        expect({ status: refused.status, code: codeOf(refused) }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      });

      it('keeps HSIC_ADMIN_KEY active as the admin key, and makes a first admin key only when there is none', async () => {
        const lines: string[] = [];
        const log = { info: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
        const first = newApiKeySecret();
        await ensureAdminKey(h.api.repos, first, log);
        expect((await graphql(as(first), '{ apiKeys { name } }')).errors).toEqual([]);
        const second = newApiKeySecret(); // the variable changed between two starts
        await ensureAdminKey(h.api.repos, second, log);
        h.api.access.authenticator.forgetAll();
        expect(codeOf(await graphql(as(first), '{ apiKeys { name } }'))).toBe('UNAUTHENTICATED');
        expect((await graphql(as(second), '{ apiKeys { name } }')).errors).toEqual([]);
        await ensureAdminKey(h.api.repos, undefined, log); // admin keys exist: nothing is made or printed
        expect(lines.join('\n')).not.toContain('hsic_');
      });

      it('with HSIC_REQUIRE_KEY_FOR_READS, reads need a READ key too; health stays open', async () => {
        const closed = await h.startAnotherApi({ requireKeyForReads: true });
        const at = (key?: string) => ({ url: closed.url, key });
        const anonymous = await graphql(at(), '{ presets { name } }');
        expect({ status: anonymous.status, code: codeOf(anonymous) }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
        expect((await graphql(at(reader), '{ presets { name } }')).errors).toEqual([]);
        const instance = { instances: [(await mnistTestInstance(0)).values] };
        const predict = await request(closed.url).post('/v1/models/digits:predict').send(instance);
        expect({ status: predict.status, code: predict.body.code }).toEqual({ status: 401, code: 'unauthenticated' });
        await request(closed.url).post('/v1/models/digits:predict').set('authorization', `Bearer ${reader}`).send(instance).expect(200);
        expect((await request(closed.url).get('/v1/models/digits')).status).toBe(401);
        expect((await request(closed.url).get('/metrics')).status).toBe(401);
        await request(closed.url).get('/v2/health/ready').expect(200);
        await request(closed.url).get('/v2/health/live').expect(200);

        const anonymousClient = subscriptionClient(at());
        try {
          const { events, errors } = await collectSubscription(anonymousClient, RUN_PROGRESS, { runId: firstRunId });
          expect(events).toEqual([]);
          expect(errors.map((e) => e.message).join(' ')).toMatch(/4401|requires a key for reads/);
        } finally {
          await anonymousClient.dispose();
        }
        const readerClient = subscriptionClient(at(reader));
        try {
          const { events, errors } = await collectSubscription<ProgressEvent>(readerClient, RUN_PROGRESS, { runId: firstRunId });
          expect(errors).toEqual([]);
          expect(events[0].runProgress.run.status).toBe('SUCCEEDED');
        } finally {
          await readerClient.dispose();
        }
      });
    });
  });
}
