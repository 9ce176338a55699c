// The dashboard end to end: the real stack as `npm start` runs it (API, worker and dashboard processes on
// the embedded database), driven in Debian's headless Chromium. Every page is checked for console errors
// and with axe-core; screenshots land in test-results/screenshots. The tests build on each other: the run
// started from the form is the one watched, compared and promoted.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { eventually, SCHED_IDLE, threadSchedulingPolicies } from '@hsic/testing';
import { mnistTestPngs, type LabelledImage } from '../api/mnist-images.test-util.js';
import { accessibilityViolations, launchChromium, openPage, screenshot, SCREENSHOT_DIR, type CheckedPage } from './browser.test-util.js';
import { freePort } from '../support/free-port.test-util.js';
import { startDashboardOnly, startStack, type Stack } from './stack.test-util.js';

/** A run long enough to be watched (a few seconds here): the smoke preset on 2,048 digits, 20 HSIC epochs. */
const WATCHED_RUN_OVERRIDES = '{"hsic": {"epochs": 20}, "data": {"limitTrain": 2048}, "backprop": {"epochs": 3}}';
const MODEL = 'e2e-digits';
/** npm start's first model scores ~95 % on the test split: at least 7 of the first 8 test digits. */
const MIN_RIGHT_OF_8 = 7;

async function graphql<T>(apiUrl: string, query: string, variables: Record<string, unknown> = {}, key?: string): Promise<T> {
  const headers = { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) };
  const response = await fetch(`${apiUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Checks every page gets: nothing on the console, no serious accessibility violation. Then a screenshot. */
async function checkPage(checked: CheckedPage, name: string): Promise<void> {
  expect(await accessibilityViolations(checked.page)).toEqual([]);
  expect(checked.takeErrors()).toEqual([]);
  await screenshot(checked.page, name);
}

const number = async (locator: Locator) => Number((await locator.textContent())?.replace(/[^0-9.]/g, '') ?? Number.NaN);

/** Drags across the middle of a chart's plot area (uPlot zooms to it). */
async function dragAcross(page: Page, chart: Locator): Promise<void> {
  const box = await chart.locator('.u-over').boundingBox();
  if (!box) throw new Error('the chart has no plot area');
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
}

function multipart(images: readonly LabelledImage[]): FormData {
  const form = new FormData();
  for (const image of images) form.append('images', new Blob([new Uint8Array(image.png)], { type: 'image/png' }), image.filename);
  return form;
}

describe('dashboard end to end (npm start stack on the embedded database, headless Chromium)', () => {
  let stack: Stack;
  let browser: Browser;
  let runPage: CheckedPage;
  let runId: string;
  let digits: LabelledImage[];

  beforeAll(async () => {
    [stack, browser, digits] = await Promise.all([startStack(), launchChromium(), mnistTestPngs(8)]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    // What the API, worker and dashboard printed, for a failure's post-mortem.
    if (stack) await writeFile(path.join(SCREENSHOT_DIR, '..', 'dashboard-stack.log'), `${stack.lines.join('\n')}\n`).catch(() => undefined);
  }, 60_000);

  it('lists runs and starts one from the form, after the API has checked the form', async () => {
    runPage = await openPage(browser);
    const { page } = runPage;
    await page.goto(`${stack.dashboardUrl}/runs`);
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    // npm start's first run (model mnist) is listed.
    await page.getByRole('table', { name: 'Runs' }).getByText('mnist', { exact: false }).first().waitFor();

    await page.getByLabel('Register as model (optional)').fill(MODEL);
    const overrides = page.getByLabel(/^Overrides/);
    await overrides.fill('{"hsic": {"batchSize": -3}}');
    await page.getByText('The API would refuse this run').waitFor();
    await expect(page.locator('.problems code').first().textContent()).resolves.toBe('config.hsic.batchSize');

    await overrides.fill(WATCHED_RUN_OVERRIDES);
    await page.getByText('The API accepts this run').waitFor();
    await expect(page.getByTestId('run-estimate').textContent()).resolves.toMatch(/^Needs about [\d.]+ MiB of memory of the [\d.]+ GiB a worker may use/);
    await checkPage(runPage, 'runs');

    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    runId = page.url().split('/').pop()!;
    const { run } = await graphql<{ run: { kind: string; modelName: string; config: { hsic: { epochs: number } } } }>(
      stack.apiUrl,
      'query($id: ID!) { run(id: $id) { kind modelName config } }',
      { id: runId },
    );
    expect({ kind: run.kind, modelName: run.modelName, epochs: run.config.hsic.epochs }).toEqual({ kind: 'PIPELINE', modelName: MODEL, epochs: 20 });
  }, 60_000);

  it('shows the run live: its curves appear and grow while it trains, zoom and hidden series survive updates, and it finishes', async () => {
    const { page } = runPage;
    const status = page.getByTestId('run-status');
    const points = page.getByTestId('point-count');
    const nhsicX = page.getByRole('figure', { name: 'nHSIC(X, Zᵢ) per layer' });
    const seen: number[] = [];
    // Waits behind npm start's first run (one worker), then trains.
    await eventually(
      async () => {
        if ((await status.textContent())?.includes('running')) seen.push(await number(points));
        expect(await nhsicX.locator('canvas').count()).toBeGreaterThan(0);
      },
      180_000,
      100,
    );

    // Zoom into nHSIC(X, Z) and hide layer 1 while points keep arriving.
    await dragAcross(page, nhsicX);
    const box = nhsicX.locator('.chart-box');
    const zoomedRange = await box.getAttribute('data-x-range');
    expect(await box.getAttribute('data-zoomed')).toBe('true');
    await nhsicX.getByRole('checkbox', { name: 'layer 1' }).uncheck();
    const countAtZoom = await number(points);

    await eventually(
      async () => {
        const text = await status.textContent();
        if (text?.includes('running')) seen.push(await number(points));
        expect(text).toContain('succeeded');
      },
      180_000,
      100,
    );
    const growth = [...new Set(seen)].sort((a, b) => a - b);
    expect(growth.length).toBeGreaterThanOrEqual(3); // appeared, then grew, then grew again
    expect(await number(points)).toBeGreaterThan(countAtZoom); // updates arrived while zoomed…
    expect(await box.getAttribute('data-x-range')).toBe(zoomedRange); // …and the zoom held
    expect(await nhsicX.getByRole('checkbox', { name: 'layer 1' }).isChecked()).toBe(false);
    await box.locator('.u-over').dblclick();
    expect(await box.getAttribute('data-zoomed')).toBe('false');

    await page.getByTestId('feed-state').and(page.locator('[data-state="ended"]')).waitFor();
    // Charts nobody zoomed follow the data: the last format epoch (5) is in view, not the range of the first update.
    const lossBox = page.getByRole('figure', { name: 'Training loss' }).locator('.chart-box');
    expect(await lossBox.getAttribute('data-zoomed')).toBe('false');
    await eventually(async () => expect(Number((await lossBox.getAttribute('data-x-range'))?.split(',')[1])).toBeGreaterThanOrEqual(5), 5_000);
    expect(await page.locator('figure canvas').count()).toBeGreaterThanOrEqual(6); // nHSIC X, Y, the plane, accuracy ×2, loss
    await page.getByRole('figure', { name: 'HSIC plane' }).getByRole('checkbox', { name: 'layer 3' }).waitFor();
    await page.getByText(/^[1-9]\d* finished model\(s\) and [1-9]\d* epoch snapshot\(s\)$/).click(); // opens the list
    await page.getByRole('table', { name: 'Checkpoints' }).getByText('finished model').first().waitFor();
    await checkPage(runPage, 'run');
  }, 400_000);

  it('compares the run with its backprop baseline on linked axes, with min, max and last of every series', async () => {
    const { page } = runPage;
    await page.getByRole('link', { name: 'Compare HSIC with its backprop baseline' }).click();
    await page.waitForURL(/\/compare\?runs=/);
    const accuracy = page.getByRole('figure', { name: 'Test accuracy per epoch' });
    const label = runId.slice(0, 8);
    await accuracy.getByText(`${label} pipeline · format`).waitFor();
    await accuracy.getByText(`${label} pipeline · backprop`).waitFor();
    const row = accuracy.getByRole('row', { name: new RegExp(`${label} pipeline · backprop`) });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(1, 4).every((cell) => /^\d+\.\d+ %$/.test(cell.trim()))).toBe(true); // min, max, last

    const loss = page.getByRole('figure', { name: 'Training loss per epoch' });
    await dragAcross(page, accuracy);
    const range = await accuracy.locator('.chart-box').getAttribute('data-x-range');
    await eventually(async () => expect(await loss.locator('.chart-box').getAttribute('data-x-range')).toBe(range), 5_000);

    // Add npm start's first run (model mnist, 7 layers) from the picker: two runs, overlaid and filtered.
    const { runs } = await graphql<{ runs: { nodes: { id: string }[] } }>(stack.apiUrl, '{ runs(filter: {model: "mnist"}) { nodes { id } } }');
    const first = runs.nodes[0].id;
    await page.getByRole('checkbox', { name: new RegExp(`Compare run ${first.slice(0, 8)}`) }).check();
    await page.getByRole('button', { name: 'Compare selected' }).click();
    await page.waitForURL(new RegExp(`runs=.*${first}`));
    const nhsicY = page.getByRole('figure', { name: 'nHSIC(Y, Zᵢ) per layer' });
    await nhsicY.getByText(`${first.slice(0, 8)} pipeline · HSIC · layer 7`).waitFor();
    await nhsicY.getByLabel('Filter series').fill('layer 2');
    const shown = nhsicY.getByRole('table', { name: /series/ }).getByRole('checkbox', { checked: true });
    await eventually(async () => expect(await shown.count()).toBe(2), 5_000); // layer 2 of each run
    await checkPage(runPage, 'compare');
  }, 60_000);

  it('promotes a version after a confirmation, and creates, edits, pauses and deletes a schedule', async () => {
    const { page } = runPage;
    await page.goto(`${stack.dashboardUrl}/models`);
    await page.getByRole('table', { name: 'Models' }).getByRole('link', { name: 'mnist', exact: true }).waitFor();
    await checkPage(runPage, 'models');
    await page.getByRole('link', { name: MODEL }).click();
    await page.getByRole('heading', { name: `Model ${MODEL}` }).waitFor();
    const versions = page.getByRole('table', { name: 'Versions' });
    await versions.getByLabel('Alias for version 1').fill('staging');
    await versions.getByRole('button', { name: 'Promote' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Promote to staging' }).click();
    await page.getByRole('table', { name: 'Aliases' }).getByRole('cell', { name: 'staging', exact: true }).waitFor();
    const { model } = await graphql<{ model: { aliases: { alias: string; version: number }[] } }>(stack.apiUrl, `{ model(name: "${MODEL}") { aliases { alias version } } }`);
    expect(model.aliases).toEqual(expect.arrayContaining([{ alias: 'staging', version: 1 }]));

    await page.getByText(`New schedule for ${MODEL}`).click();
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.getByLabel('Name').fill('e2e-nightly');
    await form.getByLabel('Preset').selectOption('smoke');
    await form.getByRole('button', { name: 'Create schedule' }).click();
    const schedule = page.getByRole('region', { name: /e2e-nightly/ });
    await schedule.getByText('enabled', { exact: true }).waitFor();
    await schedule.getByRole('button', { name: 'Pause' }).click();
    await schedule.getByText('paused', { exact: true }).waitFor();
    await schedule.getByText('Edit').click();
    await schedule.getByLabel('Cron (UTC, 5 fields)').fill('30 4 * * *');
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.locator('dd', { hasText: '30 4 * * *' }).waitFor();
    const { schedules } = await graphql<{ schedules: { name: string; cron: string; enabled: boolean }[] }>(stack.apiUrl, '{ schedules { name cron enabled } }');
    expect(schedules).toEqual([{ name: 'e2e-nightly', cron: '30 4 * * *', enabled: false }]);
    await checkPage(runPage, 'model');

    await schedule.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete schedule' }).click();
    await page.getByText('No schedule retrains this model.').waitFor();
    expect((await graphql<{ schedules: unknown[] }>(stack.apiUrl, '{ schedules { id } }')).schedules).toEqual([]);
    expect(runPage.takeErrors()).toEqual([]);
  }, 60_000);

  it('classifies a drawn digit, uploaded images and a test sample with the production model', async () => {
    const { page } = runPage;
    await page.goto(`${stack.dashboardUrl}/classify`);
    await page.getByLabel('Model (its production version answers)').selectOption('mnist');
    const canvas = page.getByRole('img', { name: /Drawing canvas/ });
    const classify = page.getByRole('button', { name: 'Classify drawing' });
    const draw = async (stroke: readonly [number, number][]) => {
      const box = (await canvas.boundingBox())!;
      const at = ([x, y]: readonly [number, number]) => [box.x + (x / 280) * box.width, box.y + (y / 280) * box.height] as const;
      await page.mouse.move(...at(stroke[0]));
      await page.mouse.down();
      for (const point of stroke.slice(1)) await page.mouse.move(...at(point), { steps: 4 });
      await page.mouse.up();
    };
    const predicted = page.getByTestId('predicted-label');

    // A "1": one stroke down the middle.
    await draw([
      [150, 40],
      [146, 140],
      [140, 240],
    ]);
    await classify.click();
    await expect(predicted.first().getAttribute('data-label')).resolves.toBe('1');
    await page.getByTestId('answered-by').getByText('mnist').waitFor();

    // Cleared from the keyboard.
    await canvas.focus();
    await page.keyboard.press('Delete');
    expect(await classify.isDisabled()).toBe(true);

    // A "0": an oval.
    const oval = Array.from({ length: 25 }, (_, i) => [140 + 55 * Math.sin((i / 24) * 2 * Math.PI), 140 - 90 * Math.cos((i / 24) * 2 * Math.PI)] as const);
    await draw(oval);
    await classify.click();
    await eventually(async () => expect(await predicted.first().getAttribute('data-label')).toBe('0'), 10_000);

    // Uploaded files: the first embedded test digits, never trained on (the model gets ~95 % of them right).
    await page.getByLabel(/^PNG or JPEG files/).setInputFiles(digits.map((d) => ({ name: d.filename, mimeType: 'image/png', buffer: d.png })));
    await eventually(async () => expect(await predicted.count()).toBe(digits.length), 10_000);
    const labels = await Promise.all((await predicted.all()).map((p) => p.getAttribute('data-label')));
    expect(labels.filter((label, i) => label === String(digits[i].label)).length).toBeGreaterThanOrEqual(MIN_RIGHT_OF_8);

    // A test sample picked from the grid: its true label is shown beside the answer.
    await page.getByRole('button', { name: /Classify test image 1 / }).click();
    await page.getByText(/true label \d/).waitFor();
    await checkPage(runPage, 'classify');
  }, 60_000);

  it("answers POST /api/classify on the dashboard's origin as the API's :classify does, errors included", async () => {
    const files = digits;
    const viaDashboard = await fetch(`${stack.dashboardUrl}/api/classify`, { method: 'POST', body: multipart(files) });
    const viaApi = await fetch(`${stack.apiUrl}/v1/models/mnist/labels/production:classify`, { method: 'POST', body: multipart(files) });
    expect(viaDashboard.status).toBe(200);
    const answer = (await viaDashboard.json()) as { model: { name: string; version: number }; predictions: { file: string; label: number; class: string; probabilities: number[] }[] };
    expect(answer).toEqual(await viaApi.json());
    expect(answer.model).toEqual({ name: 'mnist', version: 1 });
    expect(answer.predictions.filter((p, i) => p.label === files[i].label).length).toBeGreaterThanOrEqual(MIN_RIGHT_OF_8);

    const notMultipart = await fetch(`${stack.dashboardUrl}/api/classify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const apiNotMultipart = await fetch(`${stack.apiUrl}/v1/models/mnist/labels/production:classify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(notMultipart.status).toBe(apiNotMultipart.status);
    expect(await notMultipart.json()).toEqual(await apiNotMultipart.json());

    const unknown = await fetch(`${stack.dashboardUrl}/api/classify?model=no-such-model`, { method: 'POST', body: multipart(files.slice(0, 1)) });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'model_not_found', error: expect.stringContaining('no-such-model') });

    const badName = await fetch(`${stack.dashboardUrl}/api/classify?model=..%2F..%2Fetc`, { method: 'POST', body: multipart(files.slice(0, 1)) });
    expect(badName.status).toBe(400);
    expect(await badName.json()).toMatchObject({ code: 'invalid_path' });

    const wrongMethod = await fetch(`${stack.dashboardUrl}/api/classify`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(await wrongMethod.json()).toMatchObject({ code: 'method_not_allowed', error: expect.any(String) });
  }, 30_000);

  it('shows operations: workers alive with their device, the queue, API health', async () => {
    const { page } = runPage;
    await page.goto(`${stack.dashboardUrl}/ops`);
    expect(await number(page.getByTestId('workers-alive'))).toBeGreaterThanOrEqual(1);
    await page.getByTestId('api-health').getByText('ready').waitFor();
    await page.getByTestId('queue-depth').waitFor();
    const workers = page.getByRole('table', { name: 'Workers' });
    await workers.getByRole('cell', { name: 'CPU', exact: true }).first().waitFor();
    await workers.getByText('alive').first().waitFor();
    await checkPage(runPage, 'ops');
  }, 30_000);

  it('trains at idle CPU priority: every thread of the worker child is in SCHED_IDLE, so serving keeps the cores', async () => {
    const ready = stack.lines.find((line) => /^\[worker\] \S+ worker \S+:\d+: ready, taking training runs$/.test(line));
    expect(stack.lines.filter((line) => line.startsWith('[worker]') && line.includes('CPU priority'))).toEqual([expect.stringMatching(/: training at idle CPU priority \(SCHED_IDLE\)$/)]);
    const workerPid = Number(/:(\d+): ready/.exec(ready ?? '')?.[1]);
    const policies = threadSchedulingPolicies(workerPid);
    expect(policies.length).toBeGreaterThan(1);
    expect(new Set(policies)).toEqual(new Set([SCHED_IDLE]));
  });

  it('fits a phone screen, and the keyboard reaches the skip link first', async () => {
    const phone = await openPage(browser, { width: 390, height: 844 });
    for (const [path, name] of [
      ['/runs', 'runs-phone'],
      [`/runs/${runId}`, 'run-phone'],
      ['/classify', 'classify-phone'],
    ] as const) {
      await phone.page.goto(`${stack.dashboardUrl}${path}`);
      await phone.page.getByRole('navigation', { name: 'Main' }).waitFor();
      await phone.page.waitForTimeout(500);
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      await checkPage(phone, name);
    }
    await phone.page.keyboard.press('Tab');
    expect(await phone.page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await phone.page.context().close();
  }, 60_000);

  it("made an admin key on the stack's first start, printed once, and the dashboard's own key never reaches a browser", async () => {
    const printed = stack.lines.join('\n');
    expect(printed).toContain("no admin API key existed: made 'admin'");
    const secrets = printed.match(/hsic_[A-Za-z0-9_-]{43}/g) ?? [];
    expect(secrets).toHaveLength(1);
    const { apiKeys } = await graphql<{ apiKeys: { name: string; role: string }[] }>(stack.apiUrl, '{ apiKeys { name role } }', {}, secrets[0]);
    expect(apiKeys).toEqual(expect.arrayContaining([{ name: 'admin', role: 'ADMIN' }, { name: 'dashboard (npm start)', role: 'ADMIN' }]));

    // Everything a browser receives on the pages that act with the key: no key in any of it.
    const { page } = runPage;
    const bodies: string[] = [];
    page.on('response', async (response) => {
      const type = response.headers()['content-type'] ?? '';
      if (/text\/html|javascript|json|x-component/.test(type)) bodies.push(await response.text().catch(() => ''));
    });
    for (const path of ['/runs', `/models/${MODEL}`, '/classify', '/ops']) await page.goto(`${stack.dashboardUrl}${path}`, { waitUntil: 'networkidle' });
    expect(bodies.length).toBeGreaterThan(10);
    expect(bodies.filter((body) => /hsic_[A-Za-z0-9_-]{43}/.test(body))).toEqual([]);
  }, 60_000);

  it('says clearly that the API is down instead of showing a blank page', async () => {
    const deadApi = `http://127.0.0.1:${await freePort()}`;
    const lonely = await startDashboardOnly(deadApi);
    try {
      const checked = await openPage(browser);
      for (const path of ['/runs', '/models', '/classify', '/ops', '/runs/some-run']) {
        await checked.page.goto(`${lonely.url}${path}`);
        await checked.page.getByRole('alert').getByText('The API is not answering').waitFor();
        await checked.page.getByText(deadApi).first().waitFor();
      }
      await checkPage(checked, 'api-down');
      const classify = await fetch(`${lonely.url}/api/classify`, { method: 'POST', body: multipart(digits.slice(0, 1)) });
      expect(classify.status).toBe(502);
      expect(await classify.json()).toMatchObject({ code: 'api_unreachable', error: expect.stringContaining(deadApi) });
      await checked.page.context().close();
    } finally {
      await lonely.stop();
    }
  }, 60_000);
});
