import type { JsonObject, RunKind } from '@hsic/contracts';
import { InvalidConfigError, isPresetName, parseTrainingConfig, PRESETS, type TrainingConfig } from '@hsic/engine';
import { phasesForRun, UnrunnableRunError } from '@hsic/training';
import { FieldError } from '../graphql/common/errors.js';

export interface TrainingConfigRequest {
  readonly dataset: string;
  readonly preset?: string | null;
  /** A whole config, or overrides of the preset (or of `base`). */
  readonly config?: unknown;
  /** What `config` overrides when no preset is named (e.g. a schedule's stored config). */
  readonly base?: JsonObject;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * JSON Merge Patch (RFC 7396): objects merge key by key, null removes a key (e.g. `{"backprop": null}` drops
 * the preset's baseline), anything else (numbers, arrays such as a σ list) replaces.
 */
export function mergeConfig(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) delete merged[key];
    else merged[key] = isPlainObject(value) ? mergeConfig(isPlainObject(merged[key]) ? merged[key] : {}, value) : value;
  }
  return merged;
}

/**
 * preset + overrides + the dataset argument → a complete TrainingConfig checked by the engine. Every failure
 * is a FieldError naming the argument path (`preset`, `config.hsic.batchSize`, ...) and the reason.
 */
export function resolveTrainingConfig(request: TrainingConfigRequest, knownDatasets: readonly string[]): TrainingConfig {
  if (!knownDatasets.includes(request.dataset)) {
    throw new FieldError('dataset', `unknown dataset '${request.dataset}'; known: ${knownDatasets.join(', ')}`);
  }
  let base: Record<string, unknown> | undefined = request.base;
  if (request.preset != null) {
    if (!isPresetName(request.preset)) {
      throw new FieldError('preset', `unknown preset '${request.preset}'; known: ${Object.keys(PRESETS).join(', ')}`);
    }
    base = structuredClone(PRESETS[request.preset]) as Record<string, unknown>;
  }
  if (request.config != null && !isPlainObject(request.config)) throw new FieldError('config', 'must be a JSON object (a TrainingConfig or overrides of the preset)');
  if (!base && request.config == null) throw new FieldError('config', 'give a preset, a config, or both');
  const merged = mergeConfig(base ?? {}, (request.config as Record<string, unknown> | null | undefined) ?? {});

  // The dataset argument decides; a config that names another dataset is a contradiction, not an override.
  const explicitDataset = (request.config as { data?: { dataset?: unknown } } | null | undefined)?.data?.dataset;
  if (explicitDataset != null && explicitDataset !== request.dataset) {
    throw new FieldError('config.data.dataset', `names '${String(explicitDataset)}' but the dataset argument is '${request.dataset}'`);
  }
  merged.data = { ...(isPlainObject(merged.data) ? merged.data : {}), dataset: request.dataset };
  // Where datasets live is the worker's business (HSIC_DATA_DIR): a caller must not point it at server paths.
  if ((merged.data as Record<string, unknown>).dataDir !== undefined) {
    throw new FieldError('config.data.dataDir', "is not taken through the API: workers read datasets from their own HSIC_DATA_DIR (the CLI's --set data.dataDir=… works locally)");
  }

  try {
    return parseTrainingConfig(merged);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    const [first] = error.issues;
    throw new FieldError(first.path ? `config.${first.path}` : 'config', first.message, { issues: error.issues });
  }
}

/**
 * What the worker will refuse, refused here with the field to fix: PIPELINE, HSIC and FORMAT runs need "hsic"
 * settings (FORMAT: how many σ nets the source has), FORMAT runs "format" settings, BACKPROP runs "backprop".
 */
export function checkConfigFitsKind(kind: RunKind, config: TrainingConfig): void {
  const sections = kind === 'BACKPROP' ? (['backprop'] as const) : kind === 'FORMAT' ? (['hsic', 'format'] as const) : (['hsic'] as const);
  for (const section of sections) {
    if (!config[section]) throw new FieldError(`config.${section}`, `a ${kind} run needs "${section}" settings (name a preset or set config.${section})`);
  }
  try {
    phasesForRun({ kind, datasetName: config.data.dataset }, config); // the worker's own rule, in case it grows
  } catch (error) {
    if (error instanceof UnrunnableRunError) throw new FieldError('kind', error.message);
    throw error;
  }
}
