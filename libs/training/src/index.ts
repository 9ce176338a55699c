// Public API of @hsic/training: executing training runs stored in the database (the worker side), scheduled
// retraining with its promotion gate, and the queue wiring both tiers share. Framework-free.
export { RunExecutor, type ExecuteOptions, type RunExecutorOptions } from './run-executor.js';
export type { RunOutcome } from './run-outcome.js';
export { engineKind, phasesForRun, UnrunnableRunError } from './run-plan.js';
export { metricPointsOf } from './metric-points.js';
export { expectedMetricKeys, metricKey } from './expected-metrics.js';
export { MetricWriter, type MetricWriterOptions } from './metric-writer.js';
export { RunMonitor, type StopCause } from './run-monitor.js';
export { AttemptProgress } from './attempt-progress.js';
export { isTransientError } from './transient-errors.js';
export {
  bootstrapProductionAlias,
  chooseCandidate,
  registerVersion,
  serializeFinalModels,
  storeFinalModels,
  type CandidateChoice,
  type FinalCheckpoints,
  type ModelCandidate,
} from './model-registration.js';
export {
  applyScheduleGate,
  decidePromotion,
  recordNoCandidate,
  tickRunOf,
  type GateVerdict,
  type GateVersion,
  type TickRun,
} from './promotion-gate.js';
export {
  enqueueTrainingRun,
  ensureTrainingQueues,
  scheduleJobName,
  SCHEDULE_TICK_QUEUE_OPTIONS,
  TRAINING_QUEUE_OPTIONS,
} from './queues.js';
export { handleScheduleTick, manualTick, type ScheduleTick, type ScheduleTickDeps, type TickOutcome } from './schedule-tick.js';
export { syncSchedules, type ScheduleSyncResult } from './schedule-sync.js';
export {
  createScheduleTickHandler,
  createTrainingJobHandler,
  type ScheduleTickHandlerOptions,
  type TrainingJobHandlerOptions,
} from './job-handlers.js';
export { failOrphanedRuns } from './orphaned-runs.js';
export { resendStrandedRuns } from './stranded-runs.js';
export { STRANDED_AFTER_MS, TrainingWorker, type StopWorkerOptions, type TrainingWorkerOptions } from './training-worker.js';
export { SCHEDULE_TICK_QUEUE, TRAINING_QUEUE } from '@hsic/contracts';
export { checkRunBudget, datasetSizeOf, RunDoesNotFitError } from './run-budget.js';
export { loadWorkerEnv, WorkerConfigError, type WorkerEnv } from './worker-env.js';
export { runAtIdlePriority, WORKER_CPU_PRIORITIES, type WorkerCpuPriority } from './idle-priority.js';
export { runWorkerProcess, startWorkerProcess } from './worker-process.js';
