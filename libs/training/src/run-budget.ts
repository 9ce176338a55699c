import { listDatasets } from '@hsic/data';
import { budgetProblems, estimateTrainingResources, type ResourceBudget, type ResourceEstimate, type TrainingConfig } from '@hsic/engine';

/** A run that does not fit where it would train: failing it at once is the only safe answer (no retry helps). */
export class RunDoesNotFitError extends Error {
  override readonly name = 'RunDoesNotFitError';
  constructor(readonly problems: readonly string[]) {
    super(`the run does not fit: ${problems.join('; ')}`);
  }
}

/** The registry's size of a dataset (no data loaded), as the estimate wants it; null for an unknown name. */
export function datasetSizeOf(name: string): Parameters<typeof estimateTrainingResources>[1] | null {
  const info = listDatasets().find((d) => d.name === name);
  return info ? { trainCount: info.trainCount, testCount: info.testCount, shape: info.shape, classes: info.classNames.length } : null;
}

/**
 * The run's estimate, and why it does not fit the budget (empty: it fits). The API checks it before storing
 * a run; a worker checks it again with its own budget before training (a worker may be smaller than the
 * API assumed), so one oversized request can never break a worker's backend.
 */
export function checkRunBudget(config: TrainingConfig, budget: ResourceBudget): { estimate: ResourceEstimate | null; problems: string[] } {
  const size = datasetSizeOf(config.data.dataset);
  if (!size) return { estimate: null, problems: [] };
  const estimate = estimateTrainingResources(config, size);
  return { estimate, problems: budgetProblems(estimate, budget) };
}
