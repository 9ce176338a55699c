import type { ApiRole } from '@hsic/contracts';

/** No key, or one that is not valid (unknown, revoked, malformed): HTTP 401, GraphQL UNAUTHENTICATED. */
export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
}

/** A valid key whose role is below what the operation needs: HTTP 403, GraphQL FORBIDDEN. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
  constructor(
    message: string,
    readonly needed: ApiRole,
    readonly had: ApiRole,
  ) {
    super(message);
  }
}
