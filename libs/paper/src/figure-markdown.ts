import type { DatasetName } from '@hsic/data';
import type { FigureTable, PaperFigure, Presentation, RunResult } from './paper-figure.js';

export interface MarkdownContext {
  readonly quick: boolean;
  readonly epochScale: number;
  readonly command: string;
  readonly imageFile: string;
  readonly backend: { readonly name: string; readonly threads: number };
  readonly anchorGflops: number;
  readonly wallSeconds: number;
  readonly date: Date;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownTable(table: FigureTable): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(table.header), line(table.header.map(() => '---')), ...table.rows.map(line)].join('\n');
}

/** A percentage as the tables print it; '—' where there is none. */
export const formatPercent = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(2)} %`);

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds - 60 * minutes)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function epochsNote(scale: number, sameData: boolean): string {
  if (scale !== 1) return `${scale} of ours for each of the paper's (its training set over ours), so every net takes as many SGD steps as the paper's`;
  return sameData ? "the paper's" : "the paper's number of epochs on a smaller set than the paper's, so fewer SGD steps (`--epoch-scale` runs more)";
}

/** The figure's page: chart, our numbers beside the paper's, and everything needed to judge and regenerate them. */
export function figureMarkdown(figure: PaperFigure, presentation: Presentation, results: readonly RunResult[], context: MarkdownContext): string {
  const datasets = [...new Set(results.map((r) => `${r.dataset} (${r.trainCount} train / ${r.testCount} test)`))].join(', ');
  const seeds = [...new Set(results.map((r) => r.config.seed))].join(', ');
  const training = results.reduce((s, r) => s + r.seconds, 0);
  const runs: FigureTable = {
    header: ['run', 'data', 'training time'],
    rows: results.map((r) => [r.label, `${r.dataset}, ${r.trainCount} / ${r.testCount}`, formatDuration(r.seconds)]),
  };
  const paperDataset = figure.comparedWith?.(results[0].dataset as DatasetName) ?? figure.paperDataset;
  const sameData = results.every((r) => r.dataset === paperDataset);
  const backends = [...new Set(results.map((r) => `${r.backend.name}, ${r.backend.threads} thread(s)`))].join('; ');
  return [
    `# ${figure.title}${context.quick ? ' (quick version)' : ''}`,
    '',
    `${figure.paperReference}. Regenerate: \`${context.command}\`.`,
    context.quick ? '\n**Quick version**: a few hundred samples and one or two epochs, to check the command works; not a result.\n' : '',
    `![${figure.title}](${context.imageFile})`,
    '',
    markdownTable(presentation.table),
    '',
    ...presentation.findings.map((f) => `- ${f}`),
    '',
    '| | |',
    '|---|---|',
    `| data | ours: ${datasets}; the paper: ${paperDataset}${sameData ? '' : ` (not run here: \`--dataset ${paperDataset}\` runs it where its files are)`} |`,
    ...(context.quick ? [] : [`| epochs | ${epochsNote(context.epochScale, sameData)} |`]),
    `| seed | ${seeds} |`,
    `| backend | ${backends} |`,
    `| machine anchor | ${context.anchorGflops.toFixed(1)} GFLOP/s (512×512 by 512×512 products on ${context.backend.name}, ${context.backend.threads} thread(s), measured when this page was written) |`,
    `| wall time | ${formatDuration(context.wallSeconds)} (training ${formatDuration(training)}; reused runs count their original time) |`,
    `| date | ${context.date.toISOString().slice(0, 10)} |`,
    '',
    markdownTable(runs),
    '',
    '<details><summary>Configs of the runs</summary>',
    '',
    ...results.flatMap((r) => [`${r.label}:`, '', '```json', JSON.stringify(r.config), '```', '']),
    '</details>',
    '',
  ].join('\n');
}
