import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PAPER_FIGURES } from './figures/index.js';

/** What the index says of one figure page, written beside it as `<name>.json`. */
export interface FigureSummary {
  readonly id: string;
  /** The page's file name without extension (figure, dataset when not the paper's, `quick`). */
  readonly name: string;
  readonly title: string;
  readonly paperReference: string;
  readonly command: string;
  readonly quick: boolean;
  readonly findings: readonly string[];
}


/** docs/paper/README.md: every figure page in the folder, with its command and what its numbers say. */
export async function writePaperIndex(outDir: string): Promise<string> {
  const summaries: FigureSummary[] = [];
  for (const file of (await readdir(outDir)).filter((f) => f.endsWith('.json')).sort()) {
    summaries.push(JSON.parse(await readFile(join(outDir, file), 'utf8')) as FigureSummary);
  }
  const order = [...PAPER_FIGURES.keys()];
  summaries.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id) || a.name.localeCompare(b.name));
  const pages = summaries.filter((s) => !s.quick);
  const missing = [...PAPER_FIGURES.values()].filter((f) => !pages.some((p) => p.id === f.id));
  const lines = [
    '# The paper, regenerated',
    '',
    'Figures of Ma, Lewis and Kleijn, *The HSIC Bottleneck: Deep Learning without Back-Propagation* (AAAI 2020), each made',
    'by one command of this project, with our numbers beside the paper\'s. Every page below gives its command, data, seed,',
    'backend, machine anchor and wall time. This file is written by `hsic paper`; do not edit it by hand.',
    '',
    'How to regenerate: `npm run build`, then the command on the figure\'s page (`npm run hsic -- paper list` lists them).',
    'Each run\'s result (config and per-epoch numbers) is kept in `runs/<page>/<run>.json` beside the pages, so a repeated',
    'command redraws without training; a command stopped part-way resumes at the last finished epoch. `--quick` runs a',
    'seconds-long version (what the tests run).',
    '',
    'Data: full MNIST and CIFAR-10 are not on the machine these ran on (no download there), so the MNIST figures ran on the',
    '10,000 embedded digits (`--dataset mnist-10k`: 8,000 train / 2,000 test), by default with 7.5 times the epochs, as many',
    'SGD steps as the paper\'s 60,000 images; a page whose command says `--epoch-scale 1` ran the paper\'s epochs instead',
    '(where 7.5 times as many would take hours on 2 cores), and its table says so. `--dataset mnist` (after',
    '`npm run hsic -- download mnist`) runs the paper\'s own data.',
    '',
    '| figure | paper | command | what the numbers say |',
    '|---|---|---|---|',
    ...pages.map((s) => `| [${s.title}](${s.name}.md) | ${s.paperReference} | \`${s.command}\` | ${s.findings.join(' ')} |`),
    '',
    ...(missing.length === 0 ? [] : ['Figures with a command but no full run in this folder yet:', '', ...missing.map((f) => `- \`hsic paper ${f.id}\`: ${f.title} (${f.paperReference})`), '']),
  ];
  const file = join(outDir, 'README.md');
  await writeFile(file, lines.join('\n'));
  return file;
}
