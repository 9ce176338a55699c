import type { Run } from '@hsic/contracts';
import type { Phase, TrainingConfig } from '@hsic/engine';

/** The run cannot be trained as stored (its kind and config do not fit); retrying will not help. */
export class UnrunnableRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrunnableRunError';
  }
}

/**
 * The engine phases a run trains, from its kind: PIPELINE = HSIC, then format and the backprop baseline when
 * the config has those sections; HSIC and BACKPROP = that phase alone. FORMAT would format-train an existing
 * model's nets, but a run does not record which model to start from, so it is refused with a clear reason.
 */
export function phasesForRun(run: Pick<Run, 'kind' | 'datasetName'>, config: TrainingConfig): Phase[] {
  if (config.data.dataset !== run.datasetName) {
    throw new UnrunnableRunError(`the run is for dataset '${run.datasetName}' but its config trains on '${config.data.dataset}'`);
  }
  switch (run.kind) {
    case 'PIPELINE':
      requireSection(config, 'hsic', run.kind);
      return ['hsic', ...(config.format ? (['format'] as const) : []), ...(config.backprop ? (['backprop'] as const) : [])];
    case 'HSIC':
      requireSection(config, 'hsic', run.kind);
      return ['hsic'];
    case 'BACKPROP':
      requireSection(config, 'backprop', run.kind);
      return ['backprop'];
    case 'FORMAT':
      throw new UnrunnableRunError(
        'FORMAT runs need the HSIC-trained model to format, and a run has no field naming it yet; ' +
          'train a PIPELINE run (HSIC + format) instead',
      );
  }
}

function requireSection(config: TrainingConfig, section: 'hsic' | 'backprop', kind: Run['kind']): void {
  if (!config[section]) throw new UnrunnableRunError(`a ${kind} run needs a '${section}' section in its config`);
}
