import { Global, Module, type DynamicModule } from '@nestjs/common';
import {
  API_ACCESS,
  API_LOGGER,
  API_METRICS,
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

/** The dependencies built outside Nest (runtime/api-server.ts), under their injection tokens, for every module. */
@Global()
@Module({})
export class DependenciesModule {
  static forRoot(deps: ApiDependencies): DynamicModule {
    const providers = [
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
      { provide: DATASET_SAMPLES, useValue: deps.samples },
    ];
    return { module: DependenciesModule, providers, exports: providers.map((p) => p.provide) };
  }
}
