import { GraphQLError } from 'graphql';

/** Codes in `extensions.code` that clients can branch on (Apollo's own codes are kept as they are). */
export type ApiErrorCode = 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'INTERNAL_SERVER_ERROR';

/** A bad argument: `field` is its path inside the mutation's arguments (e.g. `config.hsic.batchSize`). */
export class FieldError extends GraphQLError {
  constructor(
    readonly field: string,
    readonly reason: string,
    extra: Record<string, unknown> = {},
  ) {
    super(`${field}: ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field, reason, ...extra } });
    this.name = 'FieldError';
  }
}

export class NotFoundGraphQLError extends GraphQLError {
  constructor(entity: string, key: string) {
    super(`${entity} '${key}' not found`, { extensions: { code: 'NOT_FOUND', entity, key } });
    this.name = 'NotFoundGraphQLError';
  }
}

export class ConflictError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'CONFLICT' } });
    this.name = 'ConflictError';
  }
}
