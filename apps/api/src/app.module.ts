import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { httpGraphqlContext, websocketAccess } from './access/graphql-access.js';
import { specifiedRules, validate, type ExecutionResult, type GraphQLError } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { ApiDependencies } from './dependencies.js';
import { DependenciesModule } from './dependencies.module.js';
import { createErrorFormatter } from './graphql/common/format-error.js';
import { costLimitPlugin, limitRules } from './graphql/limits/query-limits.js';
import { AccessModule } from './access/access.module.js';
import { OperationsModule } from './observability/operations.module.js';
import { ServingModule } from './serving/serving.module.js';
import { TrainingModule } from './training/training.module.js';

function graphqlConfig(deps: ApiDependencies): ApolloDriverConfig {
  const formatError = createErrorFormatter((message, error) => deps.log.error(message, error));
  const formatErrors = (errors: readonly GraphQLError[]) => errors.map((error) => formatError(error.toJSON(), error));
  // graphql-ws bypasses Apollo's formatError: the same formatter runs on what it sends. (Nest's config type
  // omits onError, which it passes on to graphql-ws all the same.)
  const { limits } = deps;
  const rules = limitRules(limits);
  const graphqlWs: Pick<ServerOptions, 'onNext' | 'onError' | 'onConnect' | 'context' | 'validate'> & { path: string } = {
    path: '/graphql',
    ...(websocketAccess(deps.access) as Pick<ServerOptions, 'onConnect' | 'context'>),
    // Subscriptions get the same depth and alias limits (one field: no cost to speak of).
    validate: (schema, document) => validate(schema, document, [...specifiedRules, ...rules], { maxErrors: 10 }),
    onNext: (_ctx, _id, _payload, _args, result) => {
      const errors = (result as ExecutionResult).errors;
      return errors ? { ...result, errors: formatErrors(errors) } : undefined;
    },
    onError: (_ctx, _id, _payload, errors) => formatErrors(errors),
  };
  return {
    driver: ApolloDriver,
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    playground: false,
    // The schema is public (apps/api/schema.graphql) but a production API need not answer introspection.
    introspection: !deps.production,
    includeStacktraceInErrorResponses: false,
    validationRules: rules,
    parseOptions: { maxTokens: limits.maxTokens },
    plugins: [costLimitPlugin(limits)],
    formatError,
    context: httpGraphqlContext(deps.access),
    subscriptions: { 'graphql-ws': graphqlWs },
  };
}

/** Everything the HTTP layer serves, one module per domain, on dependencies made outside Nest (runtime/api-server.ts). */
@Module({})
export class AppModule {
  static forRoot(deps: ApiDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DependenciesModule.forRoot(deps),
        GraphQLModule.forRoot<ApolloDriverConfig>(graphqlConfig(deps)),
        TrainingModule,
        ServingModule,
        OperationsModule,
        AccessModule,
      ],
    };
  }
}
