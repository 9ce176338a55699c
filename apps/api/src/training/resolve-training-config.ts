import { InvalidArgumentError, type JsonObject, type RunKind } from '@hsic/contracts';
import { phasesForKind, resolveRunConfig, type TrainingConfig } from '@hsic/engine';
import { engineKind } from '@hsic/training';

export interface TrainingConfigRequest {
  readonly dataset: string;
  readonly preset?: string | null;
  /** A whole config, or overrides of the preset (or of `base`): a JSON Merge Patch. */
  readonly config?: unknown;
  /** What `config` overrides when no preset is named (e.g. a schedule's stored config). */
  readonly base?: JsonObject;
}

/**
 * preset + overrides + the dataset argument → a complete TrainingConfig checked by the engine (resolveRunConfig, as
 * the CLI and the worker read configs). Every failure names the argument path (`dataset`, `preset`,
 * `config.hsic.batchSize`, ...) and the reason: InvalidArgumentError or the engine's RunRequestError, both mapped
 * to GraphQL once, at its edge (format-error.ts).
 */
export function resolveTrainingConfig(request: TrainingConfigRequest, knownDatasets: readonly string[]): TrainingConfig {
  if (!knownDatasets.includes(request.dataset)) {
    throw new InvalidArgumentError('dataset', `unknown dataset '${request.dataset}'; known: ${knownDatasets.join(', ')}`);
  }
  const config = resolveRunConfig({ dataset: request.dataset, preset: request.preset, base: request.base, patch: request.config });
  // Where datasets live is the worker's business (HSIC_DATA_DIR): a caller must not point it at server paths.
  if (config.data.dataDir !== undefined) {
    throw new InvalidArgumentError('config.data.dataDir', "is not taken through the API: workers read datasets from their own HSIC_DATA_DIR (the CLI's --set data.dataDir=… works locally)");
  }
  return config;
}

/** What the worker will refuse (the engine's phasesForKind, as the worker applies it), refused here with the field to fix. */
export function checkConfigFitsKind(kind: RunKind, config: TrainingConfig): void {
  phasesForKind(engineKind(kind), config);
}
