/** The API could not be reached, or answered with something that is not GraphQL (it is down, starting or misconfigured). */
export class ApiUnreachableError extends Error {
  override readonly name = 'ApiUnreachableError';
  constructor(
    readonly apiUrl: string,
    readonly reason: string,
  ) {
    super(`The API at ${apiUrl} is not answering (${reason}).`);
  }
}

/** The API answered with a GraphQL error: its own message, code and, for bad input, the field to fix. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    message: string,
    readonly code: string,
    readonly field: string | null,
  ) {
    super(message);
  }
}

/** What a server action or page hands back to the browser when an API call fails. */
export interface ApiProblem {
  readonly kind: 'unreachable' | 'request';
  readonly message: string;
  readonly code?: string;
  readonly field?: string | null;
}

export function toApiProblem(error: unknown): ApiProblem {
  if (error instanceof ApiUnreachableError) return { kind: 'unreachable', message: error.message };
  if (error instanceof ApiRequestError) return { kind: 'request', message: error.message, code: error.code, field: error.field };
  throw error;
}
