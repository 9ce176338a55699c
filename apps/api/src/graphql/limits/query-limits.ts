import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

/** What one GraphQL operation may ask for. */
export interface QueryLimits {
  /** Estimated cost (see listSizeEstimator): every field 1, lists times the items they may return. */
  readonly maxCost: number;
  readonly maxDepth: number;
  readonly maxAliases: number;
  /** Lexical tokens of the document: bounds the work of parsing it at all. */
  readonly maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxCost: 10_000, maxDepth: 10, maxAliases: 20, maxTokens: 5_000 };

/** Items a list argument asks for, or the page size used when it is not given. */
const LIST_SIZE_ARGUMENTS: Readonly<Record<string, { readonly argument: string; readonly fallback: number }>> = {
  runs: { argument: 'first', fallback: 20 },
  decisions: { argument: 'limit', fallback: 50 },
  testSamples: { argument: 'limit', fallback: 12 },
};

/**
 * A paged list costs its items times what each item asks for: `runs(first: 200) { nodes { metrics } }` is
 * 200 metrics reads, not one. Fields without a size argument fall through to the next estimator.
 */
export const listSizeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const size = LIST_SIZE_ARGUMENTS[field.name];
  if (!size) return undefined;
  const requested = args[size.argument];
  const items = typeof requested === 'number' && requested > 0 ? requested : size.fallback;
  return 1 + items * Math.max(childComplexity, 1);
};

/** The cost of an operation as the limits count it (the complexity plugin, and the tests). */
export const ESTIMATORS: ComplexityEstimator[] = [listSizeEstimator, fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })];

export class QueryLimitError extends GraphQLError {
  constructor(message: string, extensions: Record<string, unknown>) {
    super(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 }, ...extensions } });
  }
}

/** Depth and aliases, as validation rules (HTTP and graphql-ws alike): refused as GRAPHQL_VALIDATION_FAILED, naming the limit. */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  // Reported as validation errors: thrown (the libraries' default) they would surface as internal errors.
  const report = { propagateOnRejection: false, onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)] };
  return [
    maxDepthRule({ n: limits.maxDepth, exposeLimits: true, ignoreIntrospection: true, ...report }),
    maxAliasesRule({ n: limits.maxAliases, exposeLimits: true, ...report }),
  ] as unknown as ValidationRule[];
}

/**
 * The cost limit, once the operation and its variables are known (a validation rule cannot see variables,
 * and `first: $n` must count as n).
 */
export function costLimitPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let cost: number;
          try {
            cost = getComplexity({ schema, query: document, variables: request.variables ?? {}, operationName: request.operationName ?? undefined, estimators: ESTIMATORS });
          } catch {
            return; // variables that do not fit the operation: Apollo refuses them itself, before anything runs
          }
          if (cost > limits.maxCost) {
            throw new QueryLimitError(`the operation costs ${cost} (fields, times the items of each list), more than the ${limits.maxCost} allowed: ask for fewer items or fields, or split it`, {
              limit: 'maxCost',
              cost,
              maxCost: limits.maxCost,
            });
          }
        },
      };
    },
  };
}
