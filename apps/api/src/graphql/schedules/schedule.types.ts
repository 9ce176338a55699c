import { Field, Float, ID, InputType, ObjectType } from '@nestjs/graphql';
import type { JsonObject } from '@hsic/contracts';
import { JsonScalar } from '../common/json.scalar.js';

@ObjectType('Schedule', { description: 'Retrains a model on a cron schedule and promotes the result when it beats the current version.' })
export class ScheduleType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: '5-field cron expression, evaluated in UTC.' }) cron!: string;
  @Field(() => String, { description: 'Dataset name.' }) dataset!: string;
  @Field(() => JsonScalar) config!: JsonObject;
  @Field(() => String) modelName!: string;
  @Field(() => String, { description: 'The alias a better candidate is promoted to.' }) alias!: string;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => Date, { nullable: true }) lastFiredAt!: Date | null;
  @Field(() => String, { nullable: true, description: "The API key that created it (its name)." }) createdBy!: string | null;
  @Field(() => String, { nullable: true, description: 'The API key that changed it last (its name).' }) updatedBy!: string | null;
}

@ObjectType('ScheduleDecision', { description: "The gate's verdict on one tick: promote the candidate or keep the current version." })
export class ScheduleDecisionType {
  @Field(() => ID) id!: string;
  @Field(() => ID) scheduleId!: string;
  @Field(() => Date) tickAt!: Date;
  @Field(() => ID, { nullable: true }) runId!: string | null;
  @Field(() => ID, { nullable: true }) candidateVersionId!: string | null;
  @Field(() => Float, { nullable: true }) candidateAccuracy!: number | null;
  @Field(() => ID, { nullable: true }) currentVersionId!: string | null;
  @Field(() => Float, { nullable: true }) currentAccuracy!: number | null;
  @Field(() => Boolean) promoted!: boolean;
  @Field(() => String) reason!: string;
  @Field(() => Date) createdAt!: Date;
}

@InputType('CreateScheduleInput')
export class CreateScheduleInput {
  @Field(() => String) name!: string;
  @Field(() => String, { description: "5-field cron expression in UTC, e.g. '0 3 * * *'." }) cron!: string;
  @Field(() => String) dataset!: string;
  @Field(() => String, { nullable: true }) preset?: string | null;
  @Field(() => JsonScalar, { nullable: true, description: 'A TrainingConfig, or overrides of the preset.' }) config?: JsonObject | null;
  @Field(() => String) modelName!: string;
  @Field(() => String, { nullable: true, description: "Default 'production'." }) alias?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Default true.' }) enabled?: boolean | null;
}

@InputType('UpdateScheduleInput', {
  description: 'Only the fields given change. `config` overrides the preset when one is named, else the stored config.',
})
export class UpdateScheduleInput {
  @Field(() => String, { nullable: true }) cron?: string | null;
  @Field(() => String, { nullable: true }) dataset?: string | null;
  @Field(() => String, { nullable: true }) preset?: string | null;
  @Field(() => JsonScalar, { nullable: true }) config?: JsonObject | null;
  @Field(() => String, { nullable: true }) modelName?: string | null;
  @Field(() => String, { nullable: true }) alias?: string | null;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
}
