import { DatasetsResolver } from './datasets/datasets.resolver.js';
import { ApiKeysResolver } from './keys/api-keys.resolver.js';
import { ModelAliasResolver, ModelsResolver, ModelVersionResolver } from './models/models.resolver.js';
import { OperationsResolver, WorkersResolver } from './operations/operations.resolver.js';
import { PresetsResolver } from './presets/presets.resolver.js';
import { RunsResolver } from './runs/runs.resolver.js';
import { ScheduleDecisionResolver, SchedulesResolver } from './schedules/schedules.resolver.js';

/** Every resolver of the schema (the app module provides them; print-schema.ts builds the SDL from them). */
export const RESOLVERS = [
  DatasetsResolver,
  RunsResolver,
  ModelsResolver,
  ModelAliasResolver,
  ModelVersionResolver,
  SchedulesResolver,
  ScheduleDecisionResolver,
  PresetsResolver,
  WorkersResolver,
  OperationsResolver,
  ApiKeysResolver,
] as const;
