import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { httpGraphqlContext, websocketAccess } from './access/graphql-access.js';
import { RoleGuard } from './access/role.guard.js';
import { specifiedRules, validate, type ExecutionResult, type GraphQLError } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import {
  API_LOGGER,
  API_METRICS,
  API_ACCESS,
  API_PROCESS,
  DATASET_SAMPLES,
  JOB_QUEUE,
  MODEL_REGISTRY_EVENTS,
  MODEL_SERVER,
  PROGRESS_POLL_MS,
  READINESS,
  REPOSITORIES,
  RUN_BUDGET,
  TRAINING,
  type ApiDependencies,
} from './dependencies.js';
import { createErrorFormatter } from './graphql/common/format-error.js';
import { costLimitPlugin, limitRules } from './graphql/limits/query-limits.js';
import { RESOLVERS } from './graphql/resolvers.js';
import { HealthController } from './http/health.controller.js';
import { MetricsController } from './http/metrics.controller.js';
import { RunProgressHub } from './progress/run-progress-hub.js';
import { ServingController } from './serving/serving.controller.js';
import { ModelReadinessController } from './serving/model-readiness.controller.js';
import { RunsService } from './training/runs.service.js';
import { SchedulesService } from './training/schedules.service.js';

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

/** Everything the HTTP layer serves, built from dependencies made outside Nest (see runtime/start-api.ts). */
@Module({})
export class AppModule {
  static forRoot(deps: ApiDependencies): DynamicModule {
    const values: Provider[] = [
      { provide: REPOSITORIES, useValue: deps.repos },
      { provide: JOB_QUEUE, useValue: deps.jobs },
      { provide: TRAINING, useValue: deps.training },
      { provide: MODEL_SERVER, useValue: deps.modelServer },
      { provide: MODEL_REGISTRY_EVENTS, useValue: deps.modelRegistryEvents },
      { provide: API_METRICS, useValue: deps.metrics },
      { provide: READINESS, useValue: deps.readiness },
      { provide: API_LOGGER, useValue: deps.log },
      { provide: PROGRESS_POLL_MS, useValue: deps.progressPollMs },
      { provide: API_PROCESS, useValue: deps.process },
      { provide: API_ACCESS, useValue: deps.access },
      { provide: RUN_BUDGET, useValue: deps.runBudget },
      { provide: APP_GUARD, useClass: RoleGuard },
      { provide: DATASET_SAMPLES, useValue: deps.samples },
    ];
    return {
      module: AppModule,
      imports: [GraphQLModule.forRoot<ApolloDriverConfig>(graphqlConfig(deps))],
      controllers: [HealthController, MetricsController, ServingController, ModelReadinessController],
      providers: [
        ...values,
        RunsService,
        SchedulesService,
        RunProgressHub,
        ...RESOLVERS,
      ],
    };
  }
}
