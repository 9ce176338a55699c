import type { ModelVersion, Run, ScheduleDecision } from '@hsic/contracts';
import type { Repositories } from '@hsic/persistence';

export interface GateVersion {
  readonly version: number;
  readonly testAccuracy: number;
}

export interface GateVerdict {
  readonly promote: boolean;
  readonly reason: string;
}

const percent = (accuracy: number) => `${(accuracy * 100).toFixed(2)} %`;

/**
 * The promotion rule of scheduled retraining: the candidate replaces the alias's version only when its
 * held-out test accuracy is strictly higher (a tie keeps the version that serves), or when the alias points
 * nowhere yet.
 */
export function decidePromotion(alias: string, candidate: GateVersion, current: GateVersion | null): GateVerdict {
  if (!current) return { promote: true, reason: `'${alias}' pointed to no version: v${candidate.version} (${percent(candidate.testAccuracy)}) promoted` };
  if (current.version === candidate.version) return { promote: false, reason: `'${alias}' already points to v${candidate.version}` };
  if (candidate.testAccuracy > current.testAccuracy) {
    return {
      promote: true,
      reason: `v${candidate.version} scored ${percent(candidate.testAccuracy)} on the test split, more than v${current.version} (${percent(current.testAccuracy)}): promoted`,
    };
  }
  return {
    promote: false,
    reason: `v${candidate.version} scored ${percent(candidate.testAccuracy)} on the test split, not more than v${current.version} (${percent(current.testAccuracy)}): '${alias}' stays at v${current.version}`,
  };
}

/** A run that a schedule tick started: the tick it belongs to. */
export interface TickRun {
  readonly id: string;
  readonly scheduleId: string;
  readonly scheduledFor: Date;
}

export const tickRunOf = (run: Pick<Run, 'id' | 'scheduleId' | 'scheduledFor'>): TickRun | null =>
  run.scheduleId && run.scheduledFor ? { id: run.id, scheduleId: run.scheduleId, scheduledFor: run.scheduledFor } : null;

/**
 * The gate for a scheduled run's new version: compares it with the version the schedule's alias points to,
 * records the decision (one per tick: a retry finds the first one and applies it again), then moves the
 * alias on a win. All of it in one transaction under the model's lock, the one promoteVersion and
 * rollbackAlias take: a hand-made move cannot slip between the comparison and the gate's move.
 */
export function applyScheduleGate(repos: Pick<Repositories, 'transaction'>, run: TickRun, alias: string, candidate: ModelVersion): Promise<ScheduleDecision> {
  return repos.transaction(async (tx) => {
    await tx.models.lock(candidate.modelName);
    const decision = (await tx.schedules.getDecision(run.scheduleId, run.scheduledFor)) ?? (await recordVerdict(tx, run, alias, candidate));
    if (decision.promoted && decision.candidateVersionId === candidate.id) {
      const schedule = await tx.schedules.get(run.scheduleId);
      await tx.models.setAlias(candidate.modelName, alias, candidate.version, 'schedule', `schedule ${schedule?.name ?? run.scheduleId}`);
    }
    return decision;
  });
}

async function recordVerdict(
  repos: Pick<Repositories, 'models' | 'schedules'>,
  run: TickRun,
  alias: string,
  candidate: ModelVersion,
): Promise<ScheduleDecision> {
  const pointer = await repos.models.getAlias(candidate.modelName, alias);
  const current = pointer ? await repos.models.getVersionById(pointer.versionId) : null;
  const verdict = decidePromotion(alias, candidate, current);
  const { decision } = await repos.schedules.recordDecision({
    scheduleId: run.scheduleId,
    tickAt: run.scheduledFor,
    runId: run.id,
    candidateVersionId: candidate.id,
    candidateAccuracy: candidate.testAccuracy,
    currentVersionId: current?.id ?? null,
    currentAccuracy: current?.testAccuracy ?? null,
    promoted: verdict.promote,
    reason: verdict.reason,
  });
  return decision;
}

/** A scheduled run that ended without a candidate (failed, cancelled, nothing servable): nothing is promoted. */
export async function recordNoCandidate(repos: Pick<Repositories, 'schedules'>, run: TickRun, reason: string): Promise<ScheduleDecision> {
  const { decision } = await repos.schedules.recordDecision({
    scheduleId: run.scheduleId,
    tickAt: run.scheduledFor,
    runId: run.id,
    promoted: false,
    reason,
  });
  return decision;
}
