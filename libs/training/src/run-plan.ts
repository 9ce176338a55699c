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
 * the config has those sections; HSIC and BACKPROP = that phase alone; FORMAT = post-training of the nets of
 * its source run (the config's "hsic" section still says how many σ nets there are).
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
      requireSection(config, 'hsic', run.kind);
      requireSection(config, 'format', run.kind);
      return ['format'];
  }
}

function requireSection(config: TrainingConfig, section: 'hsic' | 'format' | 'backprop', kind: Run['kind']): void {
  if (!config[section]) throw new UnrunnableRunError(`a ${kind} run needs a '${section}' section in its config`);
}
