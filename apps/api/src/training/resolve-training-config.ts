import type { JsonObject, RunKind } from '@hsic/contracts';
import { phasesForKind, resolveRunConfig, RunRequestError, type TrainingConfig } from '@hsic/engine';
import { engineKind } from '@hsic/training';
import { FieldError } from '../graphql/common/errors.js';

export interface TrainingConfigRequest {
  readonly dataset: string;
  readonly preset?: string | null;
  /** A whole config, or overrides of the preset (or of `base`): a JSON Merge Patch. */
  readonly config?: unknown;
  /** What `config` overrides when no preset is named (e.g. a schedule's stored config). */
  readonly base?: JsonObject;
}

/** The engine's refusal of a request as the GraphQL error naming the argument to fix. */
function atField<T>(resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof RunRequestError) throw new FieldError(error.field, error.reason, error.issues ? { issues: error.issues } : undefined);
    throw error;
  }
}

/**
 * preset + overrides + the dataset argument → a complete TrainingConfig checked by the engine (resolveRunConfig, as
 * the CLI and the worker read configs). Every failure is a FieldError naming the argument path (`preset`,
 * `config.hsic.batchSize`, ...) and the reason.
 */
export function resolveTrainingConfig(request: TrainingConfigRequest, knownDatasets: readonly string[]): TrainingConfig {
  if (!knownDatasets.includes(request.dataset)) {
    throw new FieldError('dataset', `unknown dataset '${request.dataset}'; known: ${knownDatasets.join(', ')}`);
  }
  const config = atField(() => resolveRunConfig({ dataset: request.dataset, preset: request.preset, base: request.base, patch: request.config }));
  // Where datasets live is the worker's business (HSIC_DATA_DIR): a caller must not point it at server paths.
  if (config.data.dataDir !== undefined) {
    throw new FieldError('config.data.dataDir', "is not taken through the API: workers read datasets from their own HSIC_DATA_DIR (the CLI's --set data.dataDir=… works locally)");
  }
  return config;
}

/** What the worker will refuse (the engine's phasesForKind, as the worker applies it), refused here with the field to fix. */
export function checkConfigFitsKind(kind: RunKind, config: TrainingConfig): void {
  atField(() => phasesForKind(engineKind(kind), config));
}
