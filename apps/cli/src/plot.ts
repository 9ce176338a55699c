import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BatchEvent, EpochEvent } from '@hsic/engine';

interface Series {
  readonly label: string;
  readonly points: readonly (readonly [number, number])[];
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const PANEL = { width: 420, height: 300, margin: { left: 54, right: 12, top: 28, bottom: 36 } };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function niceTicks(min: number, max: number, count = 5): number[] {
  const span = max - min || 1;
  const step = 10 ** Math.floor(Math.log10(span / count));
  const multiple = [1, 2, 5, 10].find((m) => span / (m * step) <= count) ?? 10;
  const size = multiple * step;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / size) * size; t <= max + 1e-9; t += size) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function panel(title: string, xLabel: string, series: readonly Series[], offsetX: number): string {
  const { width, height, margin } = PANEL;
  const all = series.flatMap((s) => s.points);
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const parts = [`<g transform="translate(${offsetX},0)">`, `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`];
  if (all.length === 0) {
    parts.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle" font-size="12" fill="#888">no data</text></g>`);
    return parts.join('');
  }
  const [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  let [y0, y1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const sx = (x: number) => margin.left + ((x - x0) / (x1 - x0 || 1)) * plotW;
  const sy = (y: number) => margin.top + plotH - ((y - y0) / (y1 - y0)) * plotH;
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#ccc"/>`);
  for (const t of niceTicks(y0, y1)) parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/><text x="${margin.left - 4}" y="${sy(t) + 4}" text-anchor="end" font-size="10">${t}</text>`);
  for (const t of niceTicks(x0, x1)) parts.push(`<text x="${sx(t)}" y="${margin.top + plotH + 14}" text-anchor="middle" font-size="10">${t}</text>`);
  parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 4}" text-anchor="middle" font-size="11">${escape(xLabel)}</text>`);
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join('');
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    if (s.points.length <= 30) for (const p of s.points) parts.push(`<circle cx="${sx(p[0])}" cy="${sy(p[1])}" r="2.5" fill="${color}"/>`);
    parts.push(`<text x="${margin.left + 6}" y="${margin.top + 12 + 12 * i}" font-size="10" fill="${color}">${escape(s.label)}</text>`);
  });
  parts.push('</g>');
  return parts.join('');
}

/** Per-layer nHSIC(X,Z) and nHSIC(Y,Z) over HSIC training steps, and test accuracy per epoch. */
export function curvesSvg(batches: readonly BatchEvent[], epochs: readonly EpochEvent[], title: string): string {
  const hsic = batches.filter((b) => b.phase === 'hsic' && b.layers);
  const perEpoch = new Map<number, number>();
  for (const b of hsic) perEpoch.set(b.epoch, b.batches);
  const step = (b: BatchEvent) => (b.epoch - 1) * b.batches + b.batch + 1;
  const layers = hsic[0]?.layers?.length ?? 0;
  const layerSeries = (pick: 'nhsicX' | 'nhsicY'): Series[] =>
    Array.from({ length: layers }, (_, layer) => ({ label: `layer ${layer}`, points: hsic.map((b) => [step(b), b.layers![layer][pick]] as const) }));
  const accuracy: Series[] = [];
  for (const phase of ['format', 'backprop'] as const) {
    const points = epochs.filter((e) => e.phase === phase && e.testAccuracy !== undefined).map((e) => [e.epoch, 100 * (e.testAccuracy as number)] as const);
    if (points.length) accuracy.push({ label: phase === 'format' ? 'HSIC + format (test)' : 'backprop (test)', points });
  }
  const unformatted = epochs.filter((e) => e.unformatted);
  if (unformatted.length) {
    accuracy.push({ label: 'unformatted, train-fitted (test)', points: unformatted.map((e) => [e.epoch, 100 * e.unformatted!.trainFitted] as const) });
    accuracy.push({ label: 'unformatted, served (test)', points: unformatted.map((e) => [e.epoch, 100 * e.unformatted!.served] as const) });
  }
  const width = PANEL.width * 3;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL.height + 30}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="8" y="${PANEL.height + 22}" font-size="11" fill="#555">${escape(title)}</text>`,
    panel('nHSIC(X, Z_i) per HSIC step', 'step', layerSeries('nhsicX'), 0),
    panel('nHSIC(Y, Z_i) per HSIC step', 'step', layerSeries('nhsicY'), PANEL.width),
    panel('test accuracy (%) per epoch', 'epoch', accuracy, 2 * PANEL.width),
    '</svg>',
  ].join('\n');
}

/** Writes curves.svg and curves.png into `dir`. */
export async function writeCurves(dir: string, batches: readonly BatchEvent[], epochs: readonly EpochEvent[], title: string): Promise<string[]> {
  const svg = curvesSvg(batches, epochs, title);
  const svgPath = join(dir, 'curves.svg');
  const pngPath = join(dir, 'curves.png');
  await writeFile(svgPath, svg);
  await sharp(Buffer.from(svg)).png().toFile(pngPath);
  return [svgPath, pngPath];
}
