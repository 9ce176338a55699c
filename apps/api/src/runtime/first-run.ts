import type { Repositories } from '@hsic/persistence';
import type { ApiLogger } from '../observability/api-logger.js';
import type { RunsService } from '../training/runs.service.js';

/** The local trial's first model: the whole pipeline on the embedded MNIST digits, registered as 'mnist'. */
export const FIRST_RUN = { kind: 'PIPELINE', dataset: 'mnist-10k', preset: 'mnist-10k', modelName: 'mnist' } as const;

/**
 * With no model registered and no run for the first model yet, queue that run, so that
 * POST /v1/models/mnist:classify answers once it has trained. Never twice: a failed first run stays failed.
 */
export async function ensureFirstRun(repos: Repositories, runs: RunsService, log: ApiLogger): Promise<void> {
  if ((await repos.models.list()).length > 0) return;
  const earlier = await repos.runs.list({ modelName: FIRST_RUN.modelName }, { limit: 1 });
  if (earlier.items.length > 0) return;
  const run = await runs.start(FIRST_RUN, 'first start');
  log.info(`no model yet: queued run ${run.id} (preset ${FIRST_RUN.preset}); it will be served as model '${FIRST_RUN.modelName}'`);
}
