import type { Run } from '@hsic/contracts';
import { deserializeClassifier, type Classifier } from '@hsic/engine';
import type { Repositories } from '@hsic/persistence';
import { UnrunnableRunError } from './run-plan.js';

/**
 * The model whose HSIC-trained nets a FORMAT run post-trains: its source run's finished HSIC model (formatted
 * or not, only the nets are used). The caller disposes it.
 */
export async function loadFormatSource(repos: Repositories, run: Pick<Run, 'id' | 'sourceRunId'>): Promise<Classifier> {
  if (!run.sourceRunId) throw new UnrunnableRunError(`FORMAT run ${run.id} names no source run whose nets it post-trains`);
  const final = await repos.checkpoints.findFinal(run.sourceRunId, 'hsic');
  if (!final) throw new UnrunnableRunError(`source run ${run.sourceRunId} has no finished HSIC-trained model to post-train`);
  const stored = await repos.checkpoints.read(final.id);
  return deserializeClassifier(stored.bytes).model;
}
