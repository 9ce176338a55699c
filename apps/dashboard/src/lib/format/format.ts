// How numbers, times and configs read on every page. Server and browser format alike (fixed locale, UTC),
// so a page hydrates without mismatches.

const NUMBER = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/** 0.9481 → "94.81 %"; null → "—". */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)} %`;
}

/** Seconds as "42 s", "3 min 05 s", "2 h 07 min". */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "2026-12-06 14:03:09 UTC". */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function number(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : NUMBER.format(value);
}

/** A metric value with 4 significant digits (nHSIC, losses). */
export function metric(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : Number(value.toPrecision(4)).toString();
}

export function bytes(size: number): string {
  if (size < 1024) return `${Math.round(size)} B`;
  if (size < 1024 ** 2) return `${(size / 1024).toFixed(1)} KiB`;
  if (size < 1024 ** 3) return `${(size / 1024 ** 2).toFixed(1)} MiB`;
  return `${(size / 1024 ** 3).toFixed(1)} GiB`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The net a config describes, in one line. An MLP has hiddenLayers + 1 blocks of hiddenWidth and a last block
 * of lastWidth (the engine's rule), unless it lists every block's width: "MLP 128×6→10, relu"; "MLP 256-128-8-1, tanh";
 * "ResConv 64 ch, 5 blocks, dense 512".
 */
export function architecture(config: unknown): string {
  const model = isObject(config) && isObject(config.model) ? config.model : null;
  if (!model) return '—';
  if (model.kind === 'resconv') return `ResConv ${model.channels ?? '?'} ch, ${model.residualBlocks ?? '?'} blocks, dense ${model.denseWidth ?? '?'}`;
  const activation = typeof model.activation === 'string' ? `, ${model.activation}` : '';
  if (Array.isArray(model.widths)) return `MLP ${model.widths.join('-')}${activation}`;
  const hidden = typeof model.hiddenLayers === 'number' ? model.hiddenLayers + 1 : '?';
  return `MLP ${model.hiddenWidth ?? '?'}×${hidden}→${model.lastWidth ?? '?'}${activation}`;
}

/** σ of the HSIC phase: "σ 5" or "σ 1, 5, 10". */
export function sigmaOf(config: unknown): string | null {
  const hsic = isObject(config) && isObject(config.hsic) ? config.hsic : null;
  if (!hsic) return null;
  const sigma = hsic.sigma;
  return Array.isArray(sigma) ? `σ ${sigma.join(', ')}` : typeof sigma === 'number' ? `σ ${sigma}` : null;
}

/** How a run is named in tables and on charts: "3f2a9c1d pipeline". */
export const runLabel = (run: { readonly id: string; readonly kind: string }): string => `${run.id.slice(0, 8)} ${run.kind.toLowerCase()}`;
