import { metricPointSchema, TRAINING_PHASES, type MetricPoint, type RunProgress } from '@hsic/contracts';
import type { DbClient } from '@hsic/persistence';

/**
 * A run's metric points at or after a progress position (phase, net, epoch), in the metrics order. Points
 * of earlier epochs are final once the run's progress has moved past them, so a live feed only re-reads
 * the epoch in progress. (A candidate for MetricsRepository: `query(runId, { from })`.)
 */
export async function readPointsFrom(prisma: DbClient, runId: string, from: RunProgress | null): Promise<MetricPoint[]> {
  const laterPhases = from ? TRAINING_PHASES.slice(TRAINING_PHASES.indexOf(from.phase) + 1) : [];
  const rows = await prisma.metricPoint.findMany({
    where: from
      ? {
          runId,
          OR: [
            { phase: { in: [...laterPhases] } },
            { phase: from.phase, net: { gt: from.net } },
            { phase: from.phase, net: from.net, epoch: { gte: from.epoch } },
          ],
        }
      : { runId },
    orderBy: [{ phase: 'asc' }, { net: 'asc' }, { epoch: 'asc' }, { batch: 'asc' }, { layer: 'asc' }],
  });
  return rows.map((row) => metricPointSchema.parse(row));
}

export const pointKey = (p: MetricPoint): string => `${p.phase}|${p.net}|${p.epoch}|${p.batch}|${p.layer}`;
