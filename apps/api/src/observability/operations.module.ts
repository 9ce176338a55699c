import { Module } from '@nestjs/common';
import { OperationsResolver, WorkersResolver } from '../graphql/operations/operations.resolver.js';
import { HealthController } from '../http/health.controller.js';
import { MetricsController } from '../http/metrics.controller.js';

export const OPERATIONS_RESOLVERS = [WorkersResolver, OperationsResolver] as const;

/** How the service is doing: health and readiness, Prometheus metrics, workers and queues. */
@Module({ controllers: [HealthController, MetricsController], providers: [...OPERATIONS_RESOLVERS] })
export class OperationsModule {}
