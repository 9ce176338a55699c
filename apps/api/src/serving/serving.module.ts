import { Module } from '@nestjs/common';
import { ModelAliasResolver, ModelsResolver, ModelVersionResolver } from '../graphql/models/models.resolver.js';
import { ModelReadinessController } from './model-readiness.controller.js';
import { ServingController } from './serving.controller.js';

export const SERVING_RESOLVERS = [ModelsResolver, ModelAliasResolver, ModelVersionResolver] as const;

/** The model registry (versions, aliases) and the TF-Serving-style REST API that serves its models. */
@Module({ controllers: [ServingController, ModelReadinessController], providers: [...SERVING_RESOLVERS] })
export class ServingModule {}
