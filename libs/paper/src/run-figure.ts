import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDataset, type DatasetSplit } from '@hsic/data';
import { collectNetworkOutputs, measureMatmulRate, parseTrainingConfig, runPipeline, unformattedClassOutputs, type EpochEvent, type TrainingConfig } from '@hsic/engine';
import { batchRecord, type BatchRecord, type ExperimentRun, type FigureOptions, type PaperFigure, type Presentation, type RunResult } from './paper-figure.js';
import { chartPng, chartSvg } from './render-chart.js';
import { findSharedRun, RunStore } from './run-store.js';
import { writePaperIndex, type FigureSummary } from './paper-index.js';
import { figureMarkdown } from './figure-markdown.js';

export interface FigureRunOptions extends FigureOptions {
  /** Where the dataset's files are, when not in the default place. */
  readonly dataDir?: string;
  /** Root of the per-dataset directories when dataDir is not given (the caller's HSIC_DATA_DIR). */
  readonly dataRoot?: string;
  /** Where the figure (SVG, PNG) and its Markdown go. */
  readonly outDir: string;
  /** Where each finished run's result is kept; a repeated command reuses them instead of training again. */
  readonly workDir: string;
  readonly backend: { readonly name: string; readonly threads: number };
  /** The command as a user types it, printed in the Markdown. */
  readonly command: string;
  readonly onProgress?: (line: string) => void;
  /** Stops training at the next batch; the runs resume from their last epoch when the command runs again. */
  readonly signal?: AbortSignal;
}

export interface FigureOutput {
  readonly files: { readonly svg: string; readonly png: string; readonly markdown: string; readonly index: string };
  readonly results: readonly RunResult[];
  readonly presentation: Presentation;
}

/** Trains (or reuses) every run a figure needs, then writes its chart as SVG and PNG and its Markdown table. */
export async function runPaperFigure(figure: PaperFigure, options: FigureRunOptions): Promise<FigureOutput> {
  const started = performance.now();
  // Named for what it shows: the paper's dataset by default, another one said in the name.
  const name = [figure.id, options.dataset === figure.paperDataset ? '' : options.dataset, options.quick ? 'quick' : ''].filter(Boolean).join('-');
  const runDir = join(options.workDir, name);
  await mkdir(runDir, { recursive: true });
  const store = new RunStore(runDir);
  const datasets = new DatasetCache({ dataDir: options.dataDir, dataRoot: options.dataRoot });
  const results: RunResult[] = [];
  for (const run of figure.runs(options)) results.push(await reuseOrTrain(run, store, datasets, options));
  const presentation = figure.present(results, options);
  const svg = await chartSvg(presentation.chart);
  await mkdir(options.outDir, { recursive: true });
  const files = { svg: join(options.outDir, `${name}.svg`), png: join(options.outDir, `${name}.png`), markdown: join(options.outDir, `${name}.md`) };
  await writeFile(files.svg, svg);
  await writeFile(files.png, await chartPng(svg));
  const markdown = figureMarkdown(figure, presentation, results, {
    ...options, imageFile: `${name}.svg`, anchorGflops: measureMatmulRate(512), wallSeconds: (performance.now() - started) / 1000, date: new Date(),
  });
  await writeFile(files.markdown, markdown);
  const summary: FigureSummary = {
    id: figure.id, name, title: figure.title, paperReference: figure.paperReference, command: options.command, quick: options.quick, findings: presentation.findings,
  };
  await writeFile(join(options.outDir, `${name}.json`), `${JSON.stringify(summary, null, 1)}\n`);
  const index = await writePaperIndex(options.outDir);
  return { files: { ...files, index }, results, presentation };
}

async function reuseOrTrain(run: ExperimentRun, store: RunStore, datasets: DatasetCache, options: FigureRunOptions): Promise<RunResult> {
  const config = parseTrainingConfig(run.config);
  const stored = await store.finished(run.id, config);
  if (stored && stored.label === run.label) {
    options.onProgress?.(`${run.id}: reusing its finished result`);
    return stored;
  }
  const shared = await findSharedRun(options.workDir, config, run);
  if (shared) {
    options.onProgress?.(`${run.id}: reusing the same run kept for ${shared.page}`);
    const copy: RunResult = { ...shared.result, id: run.id, label: run.label };
    await store.saveFinished(copy);
    return copy;
  }
  const partial = await store.partial(run.id, config);
  const data = await datasets.load(config);
  const at = partial?.resume.progress;
  options.onProgress?.(
    `${run.id}: ${at ? `resuming after ${at.phase} epoch ${at.epoch}` : 'training'} ${run.phases.join(' → ')} on ${data.name} (${data.train.count} train / ${data.test.count} test)`,
  );
  const epochs: EpochEvent[] = [...(partial?.epochs ?? [])];
  const batches: BatchRecord[] = [...(partial?.batches ?? [])];
  const before = partial?.seconds ?? 0;
  const started = performance.now();
  const elapsed = () => before + (performance.now() - started) / 1000;
  const result = await runPipeline({
    config, data, phases: run.phases, backend: options.backend.name, resume: partial?.resume, signal: options.signal,
    listener: (event) => {
      if (event.kind === 'batch' && run.recordBatches) batches.push(batchRecord(event));
      if (event.kind !== 'epoch') return;
      epochs.push(event);
      if (event.testAccuracy !== undefined) options.onProgress?.(`${run.id}: ${event.phase} epoch ${event.epoch}: test ${(100 * event.testAccuracy).toFixed(2)} %`);
    },
    onSnapshot: (snapshot) => store.savePartial(run.id, config, snapshot, { epochs, batches, seconds: elapsed() }),
  });
  const unformatted = result.hsicModel?.kind === 'unformatted' ? result.hsicModel.nets[0] : undefined;
  const classOutputs = unformatted && unformattedClassOutputs(unformatted, data.test, config.hsic?.batchSize ?? 256);
  const trained = (result.backpropModel ?? result.hsicModel)?.nets[0];
  const testOutputs = run.keepOutputs && trained ? keptOutputs(collectNetworkOutputs(trained, data.test, 'train', 256), data.test.labels) : undefined;
  result.hsicModel?.dispose();
  result.backpropModel?.dispose();
  const finished: RunResult = {
    id: run.id, label: run.label, config, phases: run.phases, ...(classOutputs ? { classOutputs } : {}), ...(testOutputs ? { testOutputs } : {}), dataset: data.name, trainCount: data.train.count, testCount: data.test.count,
    seconds: elapsed(), epochs, ...(run.recordBatches ? { batches } : {}), testAccuracy: result.testAccuracy, backend: options.backend,
  };
  await store.saveFinished(finished);
  return finished;
}

function keptOutputs(values: Float32Array, labels: ArrayLike<number>): RunResult['testOutputs'] {
  if (values.length !== labels.length) throw new Error(`keepOutputs needs a net whose last block is 1 wide; this one gives ${values.length / labels.length} values a sample`);
  return { labels: Array.from(labels), values: Array.from(values, (v) => Number(v.toPrecision(4))) };
}

/** Runs of a figure often share their data: loaded once per dataset and limits. */
class DatasetCache {
  private readonly loaded = new Map<string, Promise<DatasetSplit>>();

  constructor(private readonly where: { readonly dataDir?: string; readonly dataRoot?: string }) {}

  load(config: TrainingConfig): Promise<DatasetSplit> {
    const { dataset, limitTrain, limitTest } = config.data;
    const key = `${dataset}/${limitTrain ?? ''}/${limitTest ?? ''}`;
    let split = this.loaded.get(key);
    if (!split) {
      split = loadDataset(dataset, { ...this.where, limitTrain, limitTest });
      this.loaded.set(key, split);
    }
    return split;
  }
}
