import { DEFAULT_ALIAS, type CheckpointMeta, type ModelVersion, type ModelVersionKind, type Run, type RunTestAccuracy } from '@hsic/contracts';
import { serializeClassifier, type PipelineResult } from '@hsic/engine';
import type { Repositories } from '@hsic/persistence';

export interface FinalCheckpoints {
  readonly hsic?: CheckpointMeta;
  readonly backprop?: CheckpointMeta;
}

/** What a run can put in the registry: one servable model with its held-out accuracy. */
export interface ModelCandidate {
  readonly kind: ModelVersionKind;
  readonly checkpointId: string;
  readonly testAccuracy: number;
}

/** The candidate, or null and why not. */
export type CandidateChoice = { readonly candidate: ModelCandidate; readonly reason: null } | { readonly candidate: null; readonly reason: string };

/** The finished models of a run, serialized (done before the final transaction: it is CPU work, not a write). */
export interface FinalModelBytes {
  readonly hsic?: { readonly phase: 'hsic' | 'format'; readonly bytes: Uint8Array };
  readonly backprop?: Uint8Array;
}

export function serializeFinalModels(result: Pick<PipelineResult, 'hsicModel' | 'backpropModel'>, extra: Record<string, unknown>): FinalModelBytes {
  const { hsicModel, backpropModel } = result;
  return {
    ...(hsicModel ? { hsic: { phase: hsicModel.kind === 'format' ? 'format' : 'hsic', bytes: serializeClassifier(hsicModel, extra) } } : {}),
    ...(backpropModel ? { backprop: serializeClassifier(backpropModel, extra) } : {}),
  };
}

/**
 * Stores the finished models as final checkpoints (epoch −1). They are written once: the caller does it in
 * the transaction that also marks the run SUCCEEDED, so a run whose final write was cut off has none.
 */
export async function storeFinalModels(repos: Pick<Repositories, 'checkpoints'>, runId: string, models: FinalModelBytes): Promise<FinalCheckpoints> {
  const hsic = models.hsic ? await repos.checkpoints.saveFinal({ runId, role: 'hsic', phase: models.hsic.phase, bytes: models.hsic.bytes }) : undefined;
  const backprop = models.backprop ? await repos.checkpoints.saveFinal({ runId, role: 'backprop', phase: 'backprop', bytes: models.backprop }) : undefined;
  return { ...(hsic ? { hsic } : {}), ...(backprop ? { backprop } : {}) };
}

/**
 * The model a run registers. HSIC-trained runs register their HSIC model when it can serve (formatted, or
 * unformatted with a class-wide last block); bare HSIC nets ('hsic') have no readout and are not registered.
 * A BACKPROP run registers its backprop model. The accuracy is the one measured on the test split.
 */
export function chooseCandidate(
  run: Pick<Run, 'kind'>,
  result: Pick<PipelineResult, 'hsicModel' | 'backpropModel'>,
  finals: FinalCheckpoints,
  accuracy: RunTestAccuracy,
): CandidateChoice {
  if (run.kind === 'BACKPROP') {
    if (!finals.backprop || accuracy.backprop === undefined) return { candidate: null, reason: 'the run produced no backprop model with a test accuracy' };
    return { candidate: { kind: 'backprop', checkpointId: finals.backprop.id, testAccuracy: accuracy.backprop }, reason: null };
  }
  const kind = result.hsicModel?.kind;
  if (!finals.hsic || (kind !== 'format' && kind !== 'unformatted')) {
    return { candidate: null, reason: `the HSIC model has no readout (kind '${kind ?? 'none'}'), so it cannot serve predictions: not registered` };
  }
  const testAccuracy = accuracy[kind];
  if (testAccuracy === undefined) return { candidate: null, reason: `no ${kind} test accuracy was measured: not registered` };
  return { candidate: { kind, checkpointId: finals.hsic.id, testAccuracy }, reason: null };
}

/** Registers the candidate as the model's next version (again after a retry: the same version). */
export function registerVersion(
  repos: Pick<Repositories, 'models'>,
  run: Pick<Run, 'id' | 'datasetName'>,
  modelName: string,
  candidate: ModelCandidate,
): Promise<ModelVersion> {
  return repos.models.addVersion({
    modelName,
    runId: run.id,
    checkpointId: candidate.checkpointId,
    kind: candidate.kind,
    testAccuracy: candidate.testAccuracy,
    datasetName: run.datasetName,
  });
}

/** A model's first version becomes 'production', so it serves at once; later manual runs leave the alias alone. */
export async function bootstrapProductionAlias(repos: Pick<Repositories, 'models'>, version: ModelVersion): Promise<boolean> {
  const model = await repos.models.getOrThrow(version.modelName);
  if (model.aliases[DEFAULT_ALIAS] !== undefined) return false;
  await repos.models.setAlias(version.modelName, DEFAULT_ALIAS, version.version, 'promote', version.runId ? `first version (run ${version.runId.slice(0, 8)})` : 'first version');
  return true;
}
