import { join } from 'node:path';
import { DATASET_NAMES, type DatasetName } from '@hsic/data';
import { initBackend } from '@hsic/engine';
import { defaultEpochScale, PAPER_FIGURES, runPaperFigure } from '@hsic/paper';
import { UsageError } from '../cli-error.js';
import type { CliEnv } from '../cli-env.js';

export interface PaperOptions {
  readonly quick: boolean;
  readonly dataset?: string;
  readonly dataDir?: string;
  readonly out?: string;
  readonly work?: string;
  readonly epochScale?: string;
}

const figureList = () => [...PAPER_FIGURES.values()].map((f) => `  ${f.id.padEnd(16)} ${f.title} — ${f.paperReference}`).join('\n');

/** `hsic paper <figure>`: trains what the figure needs (reusing finished runs) and writes its SVG, PNG and Markdown. */
export async function paperCommand(name: string | undefined, options: PaperOptions, env: CliEnv): Promise<void> {
  if (!name || name === 'list') {
    process.stdout.write(`figures:\n${figureList()}\n`);
    return;
  }
  const figure = PAPER_FIGURES.get(name);
  if (!figure) throw new UsageError(`unknown figure "${name}"; figures:\n${figureList()}`);
  const dataset = options.dataset ?? figure.paperDataset;
  if (!(DATASET_NAMES as readonly string[]).includes(dataset)) throw new UsageError(`--dataset must be one of ${DATASET_NAMES.join(', ')}, got "${dataset}"`);
  const epochScale = options.epochScale === undefined ? defaultEpochScale(figure, dataset as DatasetName) : Number(options.epochScale);
  if (!Number.isFinite(epochScale) || epochScale < 1 || epochScale > 100) throw new UsageError(`--epoch-scale must be a number from 1 to 100, got "${options.epochScale}"`);
  const outDir = options.out ?? 'docs/paper';
  const backend = await initBackend(env.backend);
  const command = ['npm run hsic -- paper', name, options.quick ? '--quick' : '', options.dataset ? `--dataset ${options.dataset}` : '', options.epochScale ? `--epoch-scale ${options.epochScale}` : '']
    .filter(Boolean)
    .join(' ');
  const output = await runPaperFigure(figure, {
    quick: options.quick, dataset: dataset as DatasetName, epochScale, dataDir: options.dataDir, dataRoot: env.dataRoot,
    outDir, workDir: options.work ?? join(outDir, 'runs'),
    backend: { name: backend.name, threads: backend.threads }, command,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${output.presentation.findings.join('\n')}\nwrote ${output.files.markdown}, ${output.files.svg}, ${output.files.png}\n`);
}
