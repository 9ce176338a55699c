import { unwrapResolverError } from '@apollo/server/errors';
import { InvalidArgumentError } from '@hsic/contracts';
import { InvalidConfigError, RunRequestError } from '@hsic/engine';
import { CronSyntaxError } from '@hsic/jobs';
import { AlreadyExistsError, IdempotencyKeyReusedError, IllegalRunTransitionError, NoPreviousVersionError, NotFoundError } from '@hsic/persistence';
import { isTransientError } from '@hsic/training';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { accessGraphqlError } from '../../access/graphql-access.js';
import { ConflictError, FieldError, NotFoundGraphQLError } from './errors.js';

/**
 * Domain errors, translated once for every GraphQL answer: services raise them (a bad argument, a missing
 * entity, a conflict) and only this edge knows GraphQL's codes.
 */
function translateDomainError(error: unknown): GraphQLError | null {
  const access = accessGraphqlError(error);
  if (access) return access;
  if (error instanceof NotFoundError) return new NotFoundGraphQLError(error.entity, error.key);
  if (error instanceof InvalidArgumentError) return new FieldError(error.field, error.reason, error.details);
  if (error instanceof RunRequestError) return new FieldError(error.field, error.reason, error.issues ? { issues: error.issues } : {});
  if (error instanceof InvalidConfigError) {
    const [first] = error.issues;
    return new FieldError(first?.path ? `config.${first.path}` : 'config', first?.message ?? error.message, { issues: error.issues });
  }
  if (error instanceof CronSyntaxError) return new FieldError('cron', error.message);
  if (error instanceof NoPreviousVersionError) return new FieldError('alias', error.message);
  if (error instanceof IdempotencyKeyReusedError) return new FieldError('idempotencyKey', error.message);
  if (error instanceof AlreadyExistsError || error instanceof IllegalRunTransitionError) return new ConflictError(error.message);
  if (isTransientError(error)) {
    return new GraphQLError('the database cannot be reached right now (serving goes on for models in memory); try again shortly', {
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  }
  return null;
}

/** graphql-js names the argument path of a bad variable in its message: `... at "input.kind"; ...`. */
function coercionPath(message: string): string | null {
  const match = /got invalid value .* at "([^"]+)"/s.exec(message);
  if (!match) return null;
  const [, ...inside] = match[1].split('.'); // drop the variable itself: paths are relative to the input
  return inside.length > 0 ? inside.join('.') : match[1];
}

export type ErrorLogger = (message: string, error: unknown) => void;

/**
 * Every GraphQL error leaves through here (HTTP and WebSocket): known failures keep their message and code
 * (plus `field` for bad input), anything else becomes a generic INTERNAL_SERVER_ERROR that is logged here
 * and never sent with its message or stack.
 */
export function createErrorFormatter(log: ErrorLogger) {
  return (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(raw);
    const known = original instanceof GraphQLError ? original : translateDomainError(original);
    if (!known) {
      log('unexpected error in a GraphQL operation', original);
      return { message: 'internal error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    // Errors graphql-js raises itself (syntax, validation, coercion) get their code from Apollo: keep it.
    const extensions: Record<string, unknown> = { ...formatted.extensions, ...known.extensions };
    delete extensions.stacktrace;
    delete extensions.http; // the HTTP status Apollo sets from it; not part of the answer
    if (extensions.code === 'BAD_USER_INPUT' && extensions.field === undefined) {
      const field = coercionPath(known.message);
      if (field) extensions.field = field;
    }
    return { message: known.message, locations: formatted.locations, path: formatted.path, extensions };
  };
}
