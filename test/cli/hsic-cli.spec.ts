// End to end: the built `hsic` CLI as a user runs it (npm test builds it first).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { loadDataset } from '@hsic/data';

const run = promisify(execFile);
const CLI = resolve('apps/cli/dist/main.js');

const hsic = (...args: string[]) => hsicWith({}, ...args);

async function hsicWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, HSIC_BACKEND: 'wasm', ...env }, maxBuffer: 32 * 2 ** 20 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('hsic CLI', () => {
  let dir: string;
  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`build the CLI first (npm run build): ${CLI} is missing`);
    dir = await mkdtemp(join(tmpdir(), 'hsic-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains the smoke pipeline into a run folder, then evaluates and predicts with its checkpoint', async () => {
    const out = join(dir, 'run');
    const train = await hsic('train', '--preset', 'smoke', '--out', out, '--set', 'hsic.epochs=2');
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/test accuracy: format \d+\.\d+ %, backprop \d+\.\d+ %/);
    for (const file of ['config.json', 'summary.json', 'curves.svg', 'curves.png', 'metrics/metrics.json', 'metrics/batches.csv', 'metrics/epochs.csv', 'checkpoints/hsic/model.hsic', 'checkpoints/backprop/model.json']) {
      expect(existsSync(join(out, file))).toBe(true);
    }
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.testAccuracy.format).toBeGreaterThan(0.5);
    expect(summary.backend.name).toBe('wasm');
    const batchesCsv = (await readFile(join(out, 'metrics/batches.csv'), 'utf8')).trim().split('\n');
    expect(batchesCsv[0]).toBe('phase,epoch,batch,samples,seconds,layer,nhsic_x,nhsic_y,layer_loss,loss,accuracy');
    expect(batchesCsv.filter((l) => l.startsWith('hsic,'))).toHaveLength(2 * 4 * 3); // epochs × batches × layers
    const png = await sharp(join(out, 'curves.png')).metadata();
    expect(png.format).toBe('png');
    expect(png.width).toBeGreaterThan(600);

    const evaluate = await hsic('evaluate', join(out, 'checkpoints/hsic'), '--limit', '500');
    expect(evaluate.code).toBe(0);
    const evaluation = JSON.parse(evaluate.stdout);
    expect(evaluation).toMatchObject({ kind: 'format', dataset: 'mnist-10k', testCount: 500 });
    expect(evaluation.accuracy).toBeGreaterThan(0.5);

    const data = await loadDataset('mnist-10k');
    const images: string[] = [];
    for (let i = 0; i < 20; i++) {
      const file = join(dir, `digit${i}.png`);
      const pixels = Buffer.from(data.test.images.subarray(i * 784, (i + 1) * 784).map((v) => Math.round(v * 255)));
      await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).resize(56, 56).png().toFile(file);
      images.push(file);
    }
    const predict = await hsic('predict', join(out, 'checkpoints/hsic'), ...images, '--json');
    expect(predict.code).toBe(0);
    const rows = JSON.parse(predict.stdout) as { label: number; probabilities: number[] }[];
    expect(rows).toHaveLength(20);
    const correct = rows.filter((r, i) => r.label === data.test.labels[i]).length;
    expect(correct).toBeGreaterThanOrEqual(12);
    for (const r of rows) expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });

  it('benchmarks HSIC against backprop on the same net and data, with the machine anchor beside it', async () => {
    const bench = await hsic('bench', '--preset', 'smoke', '--samples', '256', '--json');
    expect(bench.code).toBe(0);
    const report = JSON.parse(bench.stdout);
    expect(report).toMatchObject({ preset: 'smoke', backend: 'wasm', dataset: 'mnist-10k', samples: 256, hsicBatchSize: 128, backpropBatchSize: 64, blocks: 3 });
    expect(report.hsicEpochSeconds).toHaveLength(1);
    expect(report.hsicEpochSeconds[0]).toBeGreaterThan(0);
    expect(report.hsicToBackpropRatio).toBeCloseTo(report.hsicEpochSeconds[0] / report.backpropEpochSeconds, 6);
    expect(report.hsicSamplesPerSecond).toBeCloseTo(256 / report.hsicEpochSeconds[0], 3);
    expect(report.hsicGflopsPerSecond).toBeGreaterThan(0);
    expect(report.matmulGflopsPerSecond).toBeGreaterThan(0);
    expect(bench.stderr).toMatch(/hsic epoch 1: \d+\.\d+ s/);
    expect(report.conv).toBeNull();

    // A residual conv net: its convolution's forward and filter-gradient rates, and the full epoch projected.
    const small = ['--set', 'model.channels=8', '--set', 'model.residualBlocks=1', '--set', 'hsic.batchSize=64', '--set', 'backprop.batchSize=64'];
    const conv = await hsic('bench', '--preset', 'resconv-mnist-10k', '--samples', '128', ...small, '--json');
    expect(conv.code).toBe(0);
    const convReport = JSON.parse(conv.stdout);
    expect(convReport).toMatchObject({ preset: 'resconv-mnist-10k', samples: 128, blocks: 3, conv: { shape: '[64,12,12,8]*[5,5,8,8]' } });
    expect(convReport.conv.forwardGflopsPerSecond).toBeGreaterThan(0);
    expect(convReport.conv.filterGradientGflopsPerSecond).toBeGreaterThan(0);
    const text = await hsic('bench', '--preset', 'resconv-mnist-10k', '--samples', '128', ...small);
    expect(text.stdout).toMatch(/residual conv \[64,12,12,8\]\*\[5,5,8,8\]: forward \d+\.\d GFLOP\/s \(\d+ % of the anchor\), filter gradient/);
    expect(text.stdout).toMatch(/full HSIC epoch \(8000 samples\): \d+\.\d min, projected from the 128 timed/);
  });

  it('regenerates a figure of the paper: list, then a quick widths figure with its page, chart and index', async () => {
    const list = await hsic('paper', 'list');
    expect(list.code).toBe(0);
    for (const id of ['activations', 'depths', 'class-distribution', 'unformatted', 'epochs', 'widths', 'sigma-combined', 'depth-50', 'resconv']) expect(list.stdout).toMatch(new RegExp(`^  ${id} `, 'm'));
    const out = join(dir, 'paper');
    const figure = await hsic('paper', 'widths', '--quick', '--dataset', 'mnist-10k', '--out', out);
    expect(figure.code).toBe(0);
    expect(figure.stdout).toMatch(/^Wider nets give a better readout \(as in the paper\): (yes|no) \(/m);
    const page = await readFile(join(out, 'widths-mnist-10k-quick.md'), 'utf8');
    expect(page).toContain('Regenerate: `npm run hsic -- paper widths --quick --dataset mnist-10k`');
    expect((await sharp(join(out, 'widths-mnist-10k-quick.png')).metadata()).format).toBe('png');
    for (const run of ['width-8', 'width-32', 'width-64']) expect(existsSync(join(out, 'runs', 'widths-mnist-10k-quick', `${run}.json`))).toBe(true);
    expect(await readFile(join(out, 'README.md'), 'utf8')).toContain('# The paper, regenerated');
  });

  it('answers bad input with a clear message and exit code', async () => {
    const figure = await hsic('paper', 'fig99');
    expect(figure.code).toBe(2);
    expect(figure.stderr).toMatch(/unknown figure "fig99"; figures:\n  activations /);
    const scale = await hsic('paper', 'widths', '--epoch-scale', 'lots');
    expect(scale.code).toBe(2);
    expect(scale.stderr).toMatch(/--epoch-scale must be a number from 1 to 100, got "lots"/);
    const preset = await hsic('train', '--preset', 'nope');
    expect(preset.code).toBe(2);
    expect(preset.stderr).toMatch(/unknown preset "nope"; presets: .*mnist-10k/);
    const config = await hsic('train', '--preset', 'smoke', '--set', 'hsic.batchSize=-3');
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/hsic\.batchSize/);
    const notImage = join(dir, 'not-an-image.png');
    await writeFile(notImage, 'hello');
    const predict = await hsic('predict', join(dir, 'missing-checkpoint'), notImage);
    expect(predict.code).toBe(1);
    expect(predict.stderr).toMatch(/no checkpoint at/);
  });

  it('checks its environment before any command and looks for datasets under HSIC_DATA_DIR', async () => {
    const bad = await hsicWith({ HSIC_BACKEND: 'gpu', HSIC_WASM_THREADS: '0' }, 'datasets');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("hsic: invalid environment: HSIC_BACKEND: 'gpu' is not a backend; valid values: tensorflow-gpu, tensorflow, wasm, cpu; HSIC_WASM_THREADS: '0' is not a thread count");
    const dataRoot = join(dir, 'data-root');
    const missing = await hsicWith({ HSIC_DATA_DIR: dataRoot }, 'train', '--preset', 'smoke', '--set', 'data.dataset=mnist', '--out', join(dir, 'no-data'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(join(dataRoot, 'mnist'));
  });
});
