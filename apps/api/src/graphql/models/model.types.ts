import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { AliasEventReason, ModelVersion, ModelVersionKind } from '@hsic/contracts';
import { AliasEventReasonEnum, ModelVersionKindEnum } from '../common/enums.js';

@ObjectType('ModelVersion', { description: 'An immutable registered classifier.' })
export class ModelVersionType {
  @Field(() => ID) id!: string;
  @Field(() => String) modelName!: string;
  @Field(() => Int) version!: number;
  @Field(() => ModelVersionKindEnum) kind!: ModelVersionKind;
  @Field(() => Float, { description: 'Test accuracy when it was registered, in [0, 1].' }) testAccuracy!: number;
  @Field(() => String, { description: 'Dataset name.' }) dataset!: string;
  @Field(() => ID, { nullable: true, description: 'The run that trained it.' }) runId!: string | null;
  @Field(() => ID) checkpointId!: string;
  @Field(() => [String], { description: 'Aliases pointing at this version.' }) aliases!: string[];
  @Field(() => Date) createdAt!: Date;
}

@ObjectType('AliasEvent', { description: 'One move of an alias.' })
export class AliasEventType {
  @Field(() => Int) id!: number;
  @Field(() => String) alias!: string;
  @Field(() => Int, { nullable: true, description: 'null when the alias was created.' }) fromVersion!: number | null;
  @Field(() => Int) toVersion!: number;
  @Field(() => AliasEventReasonEnum) reason!: AliasEventReason;
  @Field(() => String, { nullable: true, description: "Who moved it: an API key's name, or `schedule <name>`." }) actor!: string | null;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType('ModelAlias', { description: "A named pointer ('production', 'staging') to one version." })
export class ModelAliasType {
  @Field(() => String) modelName!: string;
  @Field(() => String) alias!: string;
  @Field(() => Int) version!: number;
  @Field(() => ID) versionId!: string;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType('Model')
export class ModelType {
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Int, { nullable: true, description: 'null when the model has no versions yet.' }) latestVersion!: number | null;
}

export const toVersionType = ({ datasetName, ...version }: ModelVersion): ModelVersionType => ({ ...version, dataset: datasetName });
