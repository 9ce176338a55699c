import { registerEnumType } from '@nestjs/graphql';
import type { AliasEventReason, ApiRole, ModelVersionKind, RunKind, RunOrderField, RunStatus, SortDirection, TrainingPhase, WorkerDevice, WorkerState } from '@hsic/contracts';

// GraphQL enums over the contract's string unions. `satisfies` keeps each list in step with its union.

export const RunKindEnum = { PIPELINE: 'PIPELINE', HSIC: 'HSIC', FORMAT: 'FORMAT', BACKPROP: 'BACKPROP' } as const satisfies Record<RunKind, RunKind>;
registerEnumType(RunKindEnum, {
  name: 'RunKind',
  description: 'PIPELINE runs every phase of the config; the others run one phase.',
});

export const RunStatusEnum = {
  QUEUED: 'QUEUED',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
} as const satisfies Record<RunStatus, RunStatus>;
registerEnumType(RunStatusEnum, { name: 'RunStatus' });

/** GraphQL enum names are upper case; the values are the engine's phase names. */
export const TrainingPhaseEnum = { HSIC: 'hsic', FORMAT: 'format', BACKPROP: 'backprop' } as const satisfies Record<Uppercase<TrainingPhase>, TrainingPhase>;
registerEnumType(TrainingPhaseEnum, { name: 'TrainingPhase', description: 'Training phases, in pipeline order.' });

export const ModelVersionKindEnum = { FORMAT: 'format', UNFORMATTED: 'unformatted', BACKPROP: 'backprop' } as const satisfies Record<
  Uppercase<ModelVersionKind>,
  ModelVersionKind
>;
registerEnumType(ModelVersionKindEnum, {
  name: 'ModelVersionKind',
  description: 'Which classifier a version holds: HSIC + formatted readout, HSIC unformatted, or the backprop baseline.',
});

export const AliasEventReasonEnum = { PROMOTE: 'promote', ROLLBACK: 'rollback', SCHEDULE: 'schedule' } as const satisfies Record<
  Uppercase<AliasEventReason>,
  AliasEventReason
>;
registerEnumType(AliasEventReasonEnum, { name: 'AliasEventReason' });

export const RunOrderFieldEnum = {
  CREATED_AT: 'CREATED_AT',
  STARTED_AT: 'STARTED_AT',
  FINISHED_AT: 'FINISHED_AT',
  STATUS: 'STATUS',
  KIND: 'KIND',
  DATASET: 'DATASET',
  FORMAT_ACCURACY: 'FORMAT_ACCURACY',
  UNFORMATTED_ACCURACY: 'UNFORMATTED_ACCURACY',
  BACKPROP_ACCURACY: 'BACKPROP_ACCURACY',
} as const satisfies Record<RunOrderField, RunOrderField>;
registerEnumType(RunOrderFieldEnum, { name: 'RunOrderField', description: 'What runs can be sorted by (then by id).' });

export const SortDirectionEnum = { ASC: 'ASC', DESC: 'DESC' } as const satisfies Record<SortDirection, SortDirection>;
registerEnumType(SortDirectionEnum, { name: 'SortDirection' });

export const WorkerDeviceEnum = { GPU: 'GPU', CPU: 'CPU' } as const satisfies Record<WorkerDevice, WorkerDevice>;
registerEnumType(WorkerDeviceEnum, { name: 'WorkerDevice', description: 'Where a worker trains: tensorflow-gpu on a GPU, every other backend on the CPU.' });

export const WorkerStateEnum = { ALIVE: 'ALIVE', SILENT: 'SILENT', STOPPED: 'STOPPED' } as const satisfies Record<WorkerState, WorkerState>;
registerEnumType(WorkerStateEnum, {
  name: 'WorkerState',
  description: 'ALIVE: heartbeating; SILENT: missed three heartbeats (dead or frozen); STOPPED: stopped cleanly.',
});

export const ApiRoleEnum = { READ: 'READ', TRAIN: 'TRAIN', ADMIN: 'ADMIN' } as const satisfies Record<ApiRole, ApiRole>;
registerEnumType(ApiRoleEnum, {
  name: 'ApiRole',
  description: 'What an API key may do: READ (queries, subscriptions, serving) < TRAIN (start and cancel runs) < ADMIN (promote, roll back, schedules, keys).',
});
