import type { Phase } from './events.js';
import { InvalidConfigError, parseTrainingConfig, type TrainingConfig } from './config.js';
import { isPresetName, PRESETS } from './presets.js';

/**
 * One way from what a caller asks for (a kind of run, a preset or a base config, a patch, a dataset) to what the
 * engine trains (a validated config and its phases), shared by the CLI, the API and the worker.
 */

/** What a run trains: the whole pipeline, or one phase of it. */
export const RUN_KINDS = ['pipeline', 'hsic', 'format', 'backprop'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** A refused request: the field to fix (`preset`, `config`, `config.hsic.batchSize`, `kind`, …) and why. */
export class RunRequestError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly issues?: InvalidConfigError['issues'],
  ) {
    super(`${field}: ${reason}`);
    this.name = 'RunRequestError';
  }
}

export type ConfigPatch = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * JSON Merge Patch (RFC 7396): objects merge key by key, null removes a key (e.g. `{"backprop": null}` drops
 * the preset's baseline), anything else (numbers, arrays such as a σ list) replaces.
 */
export function mergeConfigPatch(base: Record<string, unknown>, patch: ConfigPatch): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = isPlainObject(value) ? mergeConfigPatch(isPlainObject(merged[key]) ? merged[key] : {}, value) : value;
  }
  return merged;
}

/**
 * `path=value` assignments (the CLI's `--set hsic.epochs=3`, `--set hsic.sigma=[1,5,10]`, `--set backprop=null`) as
 * one patch. Values are JSON when they parse, else strings; the merged config is validated as a whole.
 */
export function patchFromAssignments(assignments: readonly string[]): ConfigPatch {
  const patch: ConfigPatch = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new RunRequestError('set', `expects path=value, got "${assignment}"`);
    const path = assignment.slice(0, eq).split('.');
    let value: unknown;
    try {
      value = JSON.parse(assignment.slice(eq + 1));
    } catch {
      value = assignment.slice(eq + 1);
    }
    let node = patch;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === undefined) node[key] = {};
      else if (!isPlainObject(next)) throw new RunRequestError('set', `${assignment}: "${key}" is already set to a value, so it is not a section`);
      node = node[key] as ConfigPatch;
    }
    node[path[path.length - 1]] = value;
  }
  return patch;
}

export interface RunRequest {
  readonly kind: RunKind;
  /** A preset to start from (PRESETS). */
  readonly preset?: string | null;
  /** What the patch applies to when no preset is named: a config file, a schedule's or a source run's config. */
  readonly base?: Record<string, unknown>;
  /** A whole config, or changes to the preset or base (JSON Merge Patch). */
  readonly patch?: unknown;
  /** The data to train on, when the caller names it apart from the config; a patch naming another is refused. */
  readonly dataset?: string;
  /** Pipeline runs: also train the backprop baseline when the config has one (default true). */
  readonly baseline?: boolean;
}

export interface RunPlan {
  readonly config: TrainingConfig;
  readonly phases: Phase[];
}

/** preset or base + patch (+ dataset) → a complete config checked by the engine. */
export function resolveRunConfig(request: Omit<RunRequest, 'kind' | 'baseline'>): TrainingConfig {
  let base = request.base;
  if (request.preset != null) {
    if (!isPresetName(request.preset)) throw new RunRequestError('preset', `unknown preset '${request.preset}'; known: ${Object.keys(PRESETS).join(', ')}`);
    base = structuredClone(PRESETS[request.preset]) as Record<string, unknown>;
  }
  if (request.patch != null && !isPlainObject(request.patch)) throw new RunRequestError('config', 'must be a JSON object (a TrainingConfig or changes to the preset)');
  if (!base && request.patch == null) throw new RunRequestError('config', 'give a preset, a config, or both');
  const patch = (request.patch ?? {}) as ConfigPatch;
  const merged = mergeConfigPatch(base ?? {}, patch);
  if (request.dataset !== undefined) {
    // The dataset argument decides; a patch that names another dataset is a contradiction, not an override.
    const named = isPlainObject(patch.data) ? patch.data.dataset : undefined;
    if (named != null && named !== request.dataset) throw new RunRequestError('config.data.dataset', `names '${String(named)}' but the dataset argument is '${request.dataset}'`);
    merged.data = { ...(isPlainObject(merged.data) ? merged.data : {}), dataset: request.dataset };
  }
  try {
    return parseTrainingConfig(merged);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    const [first] = error.issues;
    throw new RunRequestError(first.path ? `config.${first.path}` : 'config', first.message, error.issues);
  }
}

/**
 * The phases a kind of run trains: pipeline = HSIC, then format and the backprop baseline when the config has those
 * sections; hsic and backprop = that phase alone; format = post-training of given nets (the "hsic" section still says
 * how many σ nets there are).
 */
export function phasesForKind(kind: RunKind, config: TrainingConfig, baseline = true): Phase[] {
  const required: Record<RunKind, readonly ('hsic' | 'format' | 'backprop')[]> = { pipeline: ['hsic'], hsic: ['hsic'], format: ['hsic', 'format'], backprop: ['backprop'] };
  for (const section of required[kind]) {
    if (!config[section]) throw new RunRequestError(`config.${section}`, `a ${kind.toUpperCase()} run needs a '${section}' section in its config (name a preset that has one, or set ${section})`);
  }
  if (kind !== 'pipeline') return [kind];
  return ['hsic', ...(config.format ? (['format'] as const) : []), ...(baseline && config.backprop ? (['backprop'] as const) : [])];
}

export function planRun(request: RunRequest): RunPlan {
  const config = resolveRunConfig(request);
  return { config, phases: phasesForKind(request.kind, config, request.baseline ?? true) };
}
