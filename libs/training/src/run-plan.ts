import type { Run } from '@hsic/contracts';
import { phasesForKind, RunRequestError, type Phase, type RunKind, type TrainingConfig } from '@hsic/engine';

/** The run cannot be trained as stored (its kind and config do not fit); retrying will not help. */
export class UnrunnableRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrunnableRunError';
  }
}

/** The engine phases a run trains (the engine's rule for its kind: phasesForKind), for the dataset it is stored for. */
export function phasesForRun(run: Pick<Run, 'kind' | 'datasetName'>, config: TrainingConfig): Phase[] {
  if (config.data.dataset !== run.datasetName) {
    throw new UnrunnableRunError(`the run is for dataset '${run.datasetName}' but its config trains on '${config.data.dataset}'`);
  }
  try {
    return phasesForKind(engineKind(run.kind), config);
  } catch (error) {
    if (error instanceof RunRequestError) throw new UnrunnableRunError(error.reason);
    throw error;
  }
}

/** A stored run's kind (upper case in the contracts and the database) as the engine names it. */
export const engineKind = (kind: Run['kind']): RunKind => kind.toLowerCase() as RunKind;
