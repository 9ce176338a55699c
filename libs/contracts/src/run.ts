import { z } from 'zod';
import { jsonObjectSchema } from './json.js';
import { pageRequestSchema } from './pagination.js';
import { trainingPhaseSchema } from './training-phase.js';

/** PIPELINE runs every phase of the config; the others run one phase (FORMAT/ BACKPROP on their own nets). */
export const RUN_KINDS = ['PIPELINE', 'HSIC', 'FORMAT', 'BACKPROP'] as const;
export const runKindSchema = z.enum(RUN_KINDS);
export type RunKind = z.infer<typeof runKindSchema>;

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

/**
 * The run state machine. RUNNING → RUNNING is a worker re-claiming a run whose previous attempt died;
 * RUNNING → QUEUED hands a run back to the queue for a retry. Terminal states have no way out.
 */
export const RUN_STATUS_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  QUEUED: ['RUNNING', 'CANCELLED', 'FAILED'],
  RUNNING: ['RUNNING', 'QUEUED', 'SUCCEEDED', 'FAILED', 'CANCELLED'],
  SUCCEEDED: [],
  FAILED: [],
  CANCELLED: [],
};

export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export const isTerminalRunStatus = (status: RunStatus): boolean => TERMINAL_RUN_STATUSES.includes(status);

export const canTransitionRun = (from: RunStatus, to: RunStatus): boolean => RUN_STATUS_TRANSITIONS[from].includes(to);

/** The statuses a run may be in for a move to `to` to be legal. */
export const runStatusesLeadingTo = (to: RunStatus): RunStatus[] =>
  RUN_STATUSES.filter((from) => RUN_STATUS_TRANSITIONS[from].includes(to));

/** The last completed epoch: of which phase and, for a σ-combined ensemble, of which net. */
export const runProgressSchema = z.object({
  phase: trainingPhaseSchema,
  net: z.number().int().min(0),
  epoch: z.number().int().min(0),
});
export type RunProgress = z.infer<typeof runProgressSchema>;

export const runTestAccuracySchema = z.object({
  format: z.number().min(0).max(1).optional(),
  unformatted: z.number().min(0).max(1).optional(),
  backprop: z.number().min(0).max(1).optional(),
});
export type RunTestAccuracy = z.infer<typeof runTestAccuracySchema>;

/** A training run as the API, the worker and the dashboard see it. Dates parse from ISO strings too. */
export const runSchema = z.object({
  id: z.string(),
  kind: runKindSchema,
  status: runStatusSchema,
  datasetName: z.string(),
  config: jsonObjectSchema,
  preset: z.string().nullable(),
  modelName: z.string().nullable(),
  /** FORMAT runs: the succeeded HSIC or PIPELINE run whose nets are post-trained. */
  sourceRunId: z.string().nullable().default(null),
  scheduleId: z.string().nullable(),
  scheduledFor: z.coerce.date().nullable(),
  backend: z.string().nullable(),
  workerId: z.string().nullable(),
  attempts: z.number().int(),
  progress: runProgressSchema.nullable(),
  testAccuracy: runTestAccuracySchema.nullable(),
  failureReason: z.string().nullable(),
  cancelRequested: z.boolean(),
  createdAt: z.coerce.date(),
  startedAt: z.coerce.date().nullable(),
  finishedAt: z.coerce.date().nullable(),
  heartbeatAt: z.coerce.date().nullable(),
  hsicEpochSeconds: z.array(z.number()).nullable(),
  jobId: z.string().nullable(),
  /** Who started it: an API key's name, `schedule <name>`, `first start`. */
  requestedBy: z.string().nullable().default(null),
  /** Who asked to cancel it. */
  cancelledBy: z.string().nullable().default(null),
});
export type Run = z.infer<typeof runSchema>;

export const MAX_RUN_SEARCH_LENGTH = 200;

export const runListFilterSchema = z.object({
  status: runStatusSchema.optional(),
  kind: runKindSchema.optional(),
  datasetName: z.string().min(1).optional(),
  modelName: z.string().min(1).optional(),
  /** Runs a schedule started. */
  scheduleId: z.string().min(1).optional(),
  /** Runs this worker holds or last held. */
  workerId: z.string().min(1).optional(),
  /**
   * Words that must each appear (any case) in the run's id, dataset, preset, model name, worker, backend or
   * failure reason.
   */
  search: z.string().trim().max(MAX_RUN_SEARCH_LENGTH).optional(),
});
export type RunListFilter = z.infer<typeof runListFilterSchema>;

/** What a run list can be sorted by; every order ends with the run id, so pages never overlap. */
export const RUN_ORDER_FIELDS = [
  'CREATED_AT',
  'STARTED_AT',
  'FINISHED_AT',
  'STATUS',
  'KIND',
  'DATASET',
  'FORMAT_ACCURACY',
  'UNFORMATTED_ACCURACY',
  'BACKPROP_ACCURACY',
] as const;
export const runOrderFieldSchema = z.enum(RUN_ORDER_FIELDS);
export type RunOrderField = z.infer<typeof runOrderFieldSchema>;

export const SORT_DIRECTIONS = ['ASC', 'DESC'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** Runs without a value for the field (not started, no accuracy yet) come last in both directions. */
export interface RunOrder {
  readonly field: RunOrderField;
  readonly direction: SortDirection;
}

export const NEWEST_RUNS_FIRST: RunOrder = { field: 'CREATED_AT', direction: 'DESC' };

/** Query of GET /runs: filter + page. */
export const runListQuerySchema = runListFilterSchema.extend(pageRequestSchema.shape);
export type RunListQuery = z.input<typeof runListQuerySchema>;
