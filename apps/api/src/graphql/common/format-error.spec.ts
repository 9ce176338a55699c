import { InvalidArgumentError } from '@hsic/contracts';
import { InvalidConfigError, RunRequestError } from '@hsic/engine';
import { NoPreviousVersionError, NotFoundError } from '@hsic/persistence';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { FieldError } from './errors.js';
import { createErrorFormatter } from './format-error.js';

/** What Apollo hands formatError: the formatted error and the raw one (a resolver's error wrapped in a GraphQLError). */
function fromResolver(original: Error): [GraphQLFormattedError, GraphQLError] {
  const wrapped = new GraphQLError(original.message, { path: ['field'], originalError: original });
  return [{ ...wrapped.toJSON(), extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at secret (/srv/app.js:1:1)'] } }, wrapped];
}

describe('GraphQL error formatter', () => {
  const logged: unknown[] = [];
  const format = createErrorFormatter((_message, error) => logged.push(error));

  it('keeps our errors: message, code and field, never a stack trace', () => {
    const formatted = format(...fromResolver(new FieldError('config.hsic.batchSize', 'must be at least 2')));
    expect(formatted).toEqual({
      message: 'config.hsic.batchSize: must be at least 2',
      path: ['field'],
      extensions: { code: 'BAD_USER_INPUT', field: 'config.hsic.batchSize', reason: 'must be at least 2' },
    });
  });

  it('translates domain errors that reach it untranslated', () => {
    expect(format(...fromResolver(new NotFoundError('run', 'r1'))).extensions).toEqual({ code: 'NOT_FOUND', entity: 'run', key: 'r1' });
    expect(format(...fromResolver(new InvalidConfigError([{ path: 'hsic.sigma', message: 'must be positive' }]))).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'config.hsic.sigma',
    });
    expect(format(...fromResolver(new NoPreviousVersionError('m', 'production'))).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'alias' });
  });

  it('maps the services’ refusals to BAD_USER_INPUT with their field, as FieldError reads', () => {
    expect(format(...fromResolver(new InvalidArgumentError('sourceRunId', "no run 'r9'")))).toEqual({
      message: "sourceRunId: no run 'r9'",
      path: ['field'],
      extensions: { code: 'BAD_USER_INPUT', field: 'sourceRunId', reason: "no run 'r9'" },
    });
    const issues = [{ path: 'hsic.batchSize', message: 'Too small' }];
    expect(format(...fromResolver(new RunRequestError('config.hsic.batchSize', 'Too small', issues))).extensions).toEqual({
      code: 'BAD_USER_INPUT', field: 'config.hsic.batchSize', reason: 'Too small', issues,
    });
    expect(format(...fromResolver(new RunRequestError('preset', "unknown preset 'x'"))).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'preset', reason: "unknown preset 'x'" });
  });

  it('names the argument path of a variable graphql-js could not coerce', () => {
    const coercion = new GraphQLError('Variable "$input" got invalid value "NOPE" at "input.kind"; Value "NOPE" does not exist in "RunKind" enum.');
    expect(format({ ...coercion.toJSON(), extensions: { code: 'BAD_USER_INPUT' } }, coercion).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'kind' });
  });

  it('hides anything else behind a generic internal error, and logs it', () => {
    const secret = new Error('connect ECONNREFUSED 10.0.0.5:5432 (password=hunter2)');
    const formatted = format(...fromResolver(secret));
    expect(formatted).toEqual({ message: 'internal error', path: ['field'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logged).toContain(secret);
  });
});
