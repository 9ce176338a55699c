import { Module } from '@nestjs/common';
import { DatasetsResolver } from '../graphql/datasets/datasets.resolver.js';
import { PresetsResolver } from '../graphql/presets/presets.resolver.js';
import { RunsResolver } from '../graphql/runs/runs.resolver.js';
import { ScheduleDecisionResolver, SchedulesResolver } from '../graphql/schedules/schedules.resolver.js';
import { RunProgressHub } from '../progress/run-progress-hub.js';
import { RunsService } from './runs.service.js';
import { SchedulesService } from './schedules.service.js';

export const TRAINING_RESOLVERS = [DatasetsResolver, PresetsResolver, RunsResolver, SchedulesResolver, ScheduleDecisionResolver] as const;

/** What to train on and how: datasets, presets, runs (with their live progress) and schedules. */
@Module({ providers: [RunsService, SchedulesService, RunProgressHub, ...TRAINING_RESOLVERS], exports: [RunsService] })
export class TrainingModule {}
