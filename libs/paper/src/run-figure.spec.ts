import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRng, encodeIdx } from '@hsic/data';
import { initBackend } from '@hsic/engine';
import { PAPER_FIGURES } from './figures/index.js';
import type { RunResult } from './paper-figure.js';
import { runPaperFigure, type FigureRunOptions } from './run-figure.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

/** A generated MNIST-format set (IDX, gzipped): each class a bright 6×6 square at its own place, plus noise. */
function writeGeneratedMnist(dir: string, train: number, test: number): void {
  const rng = createRng(7);
  const images = (count: number, labels: Uint8Array) => {
    const pixels = new Uint8Array(count * 784);
    for (let n = 0; n < count; n++) {
      const c = labels[n];
      for (let k = 0; k < 784; k++) pixels[n * 784 + k] = rng.nextInt(60);
      for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) pixels[n * 784 + (3 + 2 * c + y) * 28 + 3 + ((5 * c) % 19) + x] = 255;
    }
    return pixels;
  };
  mkdirSync(dir, { recursive: true });
  for (const [prefix, count] of [['train', train], ['t10k', test]] as const) {
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
    writeFileSync(join(dir, `${prefix}-images-idx3-ubyte.gz`), gzipSync(encodeIdx([count, 28, 28], images(count, labels))));
    writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(encodeIdx([count], labels)));
  }
}

describe('hsic paper figures (quick versions)', () => {
  let root: string;
  let backend: FigureRunOptions['backend'];
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'hsic-paper-'));
    const selected = await initBackend();
    backend = { name: selected.name, threads: selected.threads };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const options = (overrides: Partial<FigureRunOptions> = {}): FigureRunOptions => ({
    quick: true, dataset: 'mnist-10k', epochScale: 1, outDir: join(root, 'out'), workDir: join(root, 'work'), backend, command: 'hsic paper test --quick', ...overrides,
  });

  it.each([...PAPER_FIGURES.keys()])('%s: trains its runs, writes SVG, PNG and a Markdown table of ours beside the paper, then reuses the runs', async (id) => {
    const figure = PAPER_FIGURES.get(id)!;
    const progress: string[] = [];
    const output = await runPaperFigure(figure, options({ onProgress: (line) => progress.push(line) }));
    const runs = figure.runs({ quick: true, dataset: 'mnist-10k', epochScale: 1 });
    expect(output.results.map((r) => r.id)).toEqual(runs.map((r) => r.id));
    for (const result of output.results) {
      expect(result.dataset).toBe('mnist-10k');
      expect(result.trainCount).toBe(512);
      // Something measured on the test set: an accuracy per epoch, or (the needle net's) every test sample's output.
      const measured = result.epochs.some((e) => ((e.phase === 'format' || e.phase === 'backprop') && e.testAccuracy !== undefined) || e.unformatted !== undefined);
      expect(measured || result.testOutputs?.values.length === 256).toBe(true);
    }
    const svg = readFileSync(output.files.svg, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect([...readFileSync(output.files.png).subarray(0, 4)]).toEqual(PNG_SIGNATURE);
    const markdown = readFileSync(output.files.markdown, 'utf8');
    expect(output.files.markdown.endsWith(`${id}-mnist-10k-quick.md`)).toBe(true);
    expect(markdown).toContain(`# ${figure.title} (quick version)`);
    expect(markdown).toContain('Regenerate: `hsic paper test --quick`');
    // Every row of the table is in the Markdown, and every series of the chart in the SVG.
    for (const row of output.presentation.table.rows) expect(markdown).toContain(`| ${row.join(' | ')} |`);
    const series = (output.presentation.chart as { data: { values: { series: string }[] } }).data.values.map((p) => p.series);
    for (const label of new Set(series)) expect(svg).toContain(label.replace(/&/g, '&amp;'));
    expect(markdown).toMatch(/\| machine anchor \| \d+\.\d GFLOP\/s/);
    expect(markdown).toContain('not run here');
    expect(output.presentation.findings.length).toBeGreaterThan(0);

    const again: string[] = [];
    const second = await runPaperFigure(figure, options({ onProgress: (line) => again.push(line) }));
    expect(again.filter((line) => line.includes('reusing'))).toHaveLength(runs.length);
    expect(second.presentation.table).toEqual(output.presentation.table);
    expect(progress.some((line) => line.includes('training'))).toBe(true);
  }, 300_000);

  /** Our test accuracy after the last epoch of a phase, as the tables print it. */
  const lastAccuracy = (result: RunResult, phase: 'format' | 'backprop') => `${(100 * result.epochs.filter((e) => e.phase === phase).at(-1)!.testAccuracy!).toFixed(2)} %`;

  const formatAfterHsic = [...PAPER_FIGURES.values()].filter((f) => f.id !== 'resconv' && f.runs({ quick: true, dataset: 'mnist-10k', epochScale: 1 }).every((r) => r.phases.includes('format')));
  it.each(formatAfterHsic.map((f) => [f.id]))('%s: each net is a row of our format accuracy beside the paper’s', async (id) => {
    const output = await runPaperFigure(PAPER_FIGURES.get(id)!, options());
    for (const [k, result] of output.results.entries()) {
      expect(output.presentation.table.rows[k][0]).toBe(result.label);
      expect(output.presentation.table.rows[k][2]).toBe(lastAccuracy(result, 'format'));
    }
  }, 300_000);

  it.each([['activations'], ['depths']])('%s: every backprop step recorded, nHSIC of the last block on each, first and last values in the table', async (id) => {
    const output = await runPaperFigure(PAPER_FIGURES.get(id)!, options());
    for (const [k, result] of output.results.entries()) {
      const steps = result.epochs.filter((e) => e.phase === 'backprop' && e.epoch > 0).length * Math.ceil(512 / 128);
      expect(result.batches).toHaveLength(steps);
      expect(result.batches!.every((b) => b.nhsicX! > 0 && b.nhsicY! > 0 && b.accuracy! >= 0 && b.accuracy! <= 1)).toBe(true);
      const row = output.presentation.table.rows[k];
      expect(row[0]).toBe(result.label);
      expect(row[1].startsWith(`${result.batches![0].nhsicX!.toFixed(2)} → `)).toBe(true);
      expect(row[7]).toBe(lastAccuracy(result, 'backprop'));
    }
    const depths = output.results.map((r) => (r.config.model.kind === 'mlp' ? r.config.model.hiddenLayers : 0));
    expect(depths).toEqual(id === 'depths' ? [5, 10, 15, 20] : [5, 5, 5, 5]);
  }, 300_000);

  it('unformatted, class-distribution and depth-50 share the 5-layer nets: trained once, reused by the others', async () => {
    const dirs = { outDir: join(root, 'out-shared'), workDir: join(root, 'work-shared') };
    const progress: string[] = [];
    const onProgress = (line: string) => progress.push(line);
    const fig4 = await runPaperFigure(PAPER_FIGURES.get('unformatted')!, options({ ...dirs, onProgress }));
    const [hsic, backprop] = fig4.results;
    const reference = (r: RunResult) => `${(100 * r.epochs.filter((e) => e.unformatted).at(-1)!.unformatted!.sameSplit).toFixed(2)} %`;
    expect(fig4.presentation.table.rows[0]).toEqual(['MNIST', reference(hsic), expect.stringMatching(/ %$/), lastAccuracy(backprop, 'backprop'), '96.88 %', '97.81 %']);
    expect(hsic.classOutputs?.mean).toHaveLength(10);
    expect(backprop.classOutputs).toBeUndefined();

    const fig3 = await runPaperFigure(PAPER_FIGURES.get('class-distribution')!, options({ ...dirs, onProgress }));
    expect(progress).toContain('hsic-5: reusing the same run kept for unformatted-mnist-10k-quick');
    expect(fig3.results[0].classOutputs).toEqual(hsic.classOutputs);
    const strongest = hsic.classOutputs!.mean.map((row) => `${row.indexOf(Math.max(...row))}`);
    expect(fig3.presentation.table.rows.map((r) => r[1])).toEqual(strongest);

    const deep = await runPaperFigure(PAPER_FIGURES.get('depth-50')!, options({ ...dirs, onProgress }));
    expect(deep.results.map((r) => r.id)).toEqual(['hsic-5', 'backprop-5', 'hsic-50', 'backprop-50']);
    expect(progress).toContain('backprop-5: reusing the same run kept for unformatted-mnist-10k-quick');
    expect(progress.some((line) => line.startsWith('hsic-50: training'))).toBe(true);
    expect(deep.results.map((r) => (r.config.model.kind === 'mlp' ? r.config.model.hiddenLayers : 0))).toEqual([5, 5, 50, 50]);
    expect(deep.presentation.table.rows.map((r) => r[0])).toEqual(['5', '50']);
  }, 300_000);

  it('needle: a 784-256-…-8-1 tanh net with learned BatchNorm scales, every test output kept for both methods', async () => {
    const output = await runPaperFigure(PAPER_FIGURES.get('needle')!, options());
    for (const result of output.results) {
      expect(result.config.model).toMatchObject({ widths: [256, 128, 64, 32, 16, 8, 1], batchNorm: 'affine', activation: 'tanh' });
      expect(result.testOutputs!.labels).toHaveLength(256);
      expect(result.testOutputs!.values.every((v) => v > -1 && v < 1)).toBe(true);
    }
    expect(output.results.map((r) => r.phases)).toEqual([['hsic'], ['backprop']]);
    expect(output.presentation.table.rows).toHaveLength(10);
  }, 300_000);

  it('resconv: HSIC + format and backprop of one net and seed, the paper’s three datasets as rows, ours where run', async () => {
    const output = await runPaperFigure(PAPER_FIGURES.get('resconv')!, options());
    const [result, baseline] = output.results;
    expect(baseline.config).toEqual(result.config);
    expect(baseline.epochs.filter((e) => e.phase === 'backprop' && e.epoch === 0)).toHaveLength(1);
    expect(output.presentation.table.rows).toEqual([
      ['MNIST', lastAccuracy(result, 'format'), lastAccuracy(baseline, 'backprop'), '98.94 %', '98.61 %'],
      ['Fashion-MNIST', 'not run here', 'not run here', '89.05 %', '88.60 %'],
      ['CIFAR-10', 'not run here', 'not run here', '60.86 %', '61.09 %'],
    ]);
    expect(output.presentation.findings[0]).toContain("(not the same data: mnist-10k against the paper's MNIST)");
  }, 300_000);

  it('runs on the paper’s own dataset where its files are (generated MNIST files here)', async () => {
    const dataDir = join(root, 'generated-mnist');
    writeGeneratedMnist(dataDir, 600, 300);
    const output = await runPaperFigure(PAPER_FIGURES.get('widths')!, options({ dataset: 'mnist', dataDir, outDir: join(root, 'out-mnist'), workDir: join(root, 'work-mnist') }));
    expect(output.results.every((r) => r.dataset === 'mnist' && r.trainCount === 512 && r.testCount === 256)).toBe(true);
    const markdown = readFileSync(output.files.markdown, 'utf8');
    expect(markdown).not.toContain('not run here');
    expect(markdown).toContain('| data | ours: mnist (512 train / 256 test); the paper: mnist |');
  }, 300_000);

  it('resumes a run stopped part-way from its last epoch, every epoch reported once', async () => {
    const figure = PAPER_FIGURES.get('widths')!;
    const dirs = { outDir: join(root, 'out-resume'), workDir: join(root, 'work-resume') };
    const stop = new AbortController();
    const first = runPaperFigure(figure, options({
      ...dirs, signal: stop.signal,
      onProgress: (line) => {
        if (line.startsWith('width-32: format epoch 1:')) stop.abort(new Error('stopped by the test'));
      },
    }));
    await expect(first).rejects.toThrow();
    const progress: string[] = [];
    const output = await runPaperFigure(figure, options({ ...dirs, onProgress: (line) => progress.push(line) }));
    expect(progress).toContain('width-8: reusing its finished result');
    expect(progress.some((line) => line.startsWith('width-32: resuming after format epoch 1'))).toBe(true);
    const resumed = output.results.find((r) => r.id === 'width-32')!;
    const keys = resumed.epochs.map((e) => `${e.phase}/${e.epoch}`);
    expect(keys).toEqual(['hsic/1', 'format/0', 'format/1', 'format/2']);
  }, 300_000);
});
