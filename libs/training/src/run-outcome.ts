import type { ModelVersion, Run, ScheduleDecision } from '@hsic/contracts';

/** How one attempt at a run ended. */
export type RunOutcome =
  | {
      readonly kind: 'succeeded';
      readonly run: Run;
      /** The version registered from the run (null: no model name, or nothing servable). */
      readonly version: ModelVersion | null;
      /** Scheduled runs: the gate's decision. */
      readonly decision: ScheduleDecision | null;
      /** Why nothing was registered, when nothing was. */
      readonly note: string | null;
    }
  | { readonly kind: 'failed'; readonly run: Run; readonly reason: string }
  | { readonly kind: 'cancelled'; readonly run: Run }
  /**
   * Stopped without finishing and handed back (status QUEUED): the worker shut down ('shutdown') or the
   * queue took the job away ('job'). The next attempt resumes from the last checkpoint.
   */
  | { readonly kind: 'interrupted'; readonly run: Run; readonly cause: 'shutdown' | 'job' }
  /** A transient error: the caller lets the queue retry the job (the run resumes from its checkpoint). */
  | { readonly kind: 'retry'; readonly error: unknown }
  /** Nothing to do: the run is finished, gone, or owned by a newer attempt. */
  | { readonly kind: 'skipped'; readonly reason: string };
