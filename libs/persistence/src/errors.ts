import type { RunStatus } from '@hsic/contracts';

/** Base class: callers map these to 4xx / GraphQL errors by `code`. */
export abstract class PersistenceError extends Error {
  abstract readonly code: string;
}

export class NotFoundError extends PersistenceError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} '${key}' not found`);
    this.name = 'NotFoundError';
  }
}

export class IllegalRunTransitionError extends PersistenceError {
  readonly code = 'ILLEGAL_TRANSITION';
  constructor(
    readonly runId: string,
    readonly from: RunStatus,
    readonly to: RunStatus,
  ) {
    super(`run ${runId} cannot go from ${from} to ${to}`);
    this.name = 'IllegalRunTransitionError';
  }
}

/** Stored checkpoint bytes no longer match the sha256 recorded when they were saved. */
export class ChecksumMismatchError extends PersistenceError {
  readonly code = 'CHECKSUM_MISMATCH';
  constructor(
    readonly checkpointId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`checkpoint ${checkpointId} is corrupt: sha256 ${actual} does not match the recorded ${expected}`);
    this.name = 'ChecksumMismatchError';
  }
}

export class NoPreviousVersionError extends PersistenceError {
  readonly code = 'NO_PREVIOUS_VERSION';
  constructor(
    readonly modelName: string,
    readonly alias: string,
  ) {
    super(`alias '${alias}' of model '${modelName}' has no earlier version to roll back to`);
    this.name = 'NoPreviousVersionError';
  }
}

/** A unique name is already taken (e.g. a schedule name). */
export class AlreadyExistsError extends PersistenceError {
  readonly code = 'ALREADY_EXISTS';
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} '${key}' already exists`);
    this.name = 'AlreadyExistsError';
  }
}

/** An environment variable or option has a value we cannot use; the message names it. */
export class PersistenceConfigError extends PersistenceError {
  readonly code = 'CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'PersistenceConfigError';
  }
}

/** Which attempt at a run a write belongs to: the run's `attempts` counter and worker right after it started. */
export interface AttemptFence {
  readonly runId: string;
  readonly workerId: string;
  readonly attempt: number;
}

/**
 * A write of an attempt that no longer owns its run (another attempt started it since, or it ended): refused,
 * so a worker that was taken for dead cannot overwrite what the run's new owner writes.
 */
export class AttemptFencedError extends PersistenceError {
  readonly code = 'ATTEMPT_FENCED';
  constructor(
    readonly fence: AttemptFence,
    readonly current: { readonly status: RunStatus; readonly attempts: number; readonly workerId: string | null } | null,
  ) {
    super(
      `run ${fence.runId}: attempt ${fence.attempt} (worker ${fence.workerId}) no longer owns it` +
        (current ? `; it is ${current.status}, attempt ${current.attempts}${current.workerId ? ` of worker ${current.workerId}` : ''}` : '; it was deleted'),
    );
    this.name = 'AttemptFencedError';
  }
}

/** startRun's idempotency key was used before for a different request. */
export class IdempotencyKeyReusedError extends PersistenceError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(
    readonly key: string,
    readonly runId: string,
  ) {
    super(`the idempotency key '${key}' was used for a different request (run ${runId}): use a new key for a new request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}
