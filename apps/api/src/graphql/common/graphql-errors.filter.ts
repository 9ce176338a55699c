import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';

/**
 * Hands resolver errors to GraphQL untouched. Without it Nest logs every one, expected ones included (a
 * NOT_FOUND, a bad field), with its stack; the error formatter (format-error.ts) decides what is answered
 * and logs the unexpected ones.
 */
@Catch()
export class GraphqlErrorsFilter implements GqlExceptionFilter {
  catch(exception: unknown): unknown {
    return exception;
  }
}
