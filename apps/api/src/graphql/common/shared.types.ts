import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { CheckpointRole, TrainingPhase } from '@hsic/contracts';
import { TrainingPhaseEnum } from './enums.js';
import { NumberColumnScalar } from './number-column.scalar.js';

@ObjectType('MetricPoint', {
  description: 'One training measurement. batch −1: an epoch summary row; layer −1: not one block\'s value.',
})
export class MetricPointType {
  @Field(() => TrainingPhaseEnum) phase!: TrainingPhase;
  @Field(() => Int, { description: 'Net of a σ-combined ensemble; 0 otherwise.' }) net!: number;
  @Field(() => Int, { description: '1-based; 0 = evaluation before training.' }) epoch!: number;
  @Field(() => Int) batch!: number;
  @Field(() => Int) layer!: number;
  @Field(() => Float, { nullable: true, description: 'nHSIC(X, Z) of the layer.' }) nhsicX!: number | null;
  @Field(() => Float, { nullable: true, description: 'nHSIC(Y, Z) of the layer.' }) nhsicY!: number | null;
  @Field(() => Float, { nullable: true }) loss!: number | null;
  @Field(() => Float, { nullable: true }) accuracy!: number | null;
  @Field(() => Float, { nullable: true }) trainAccuracy!: number | null;
  @Field(() => Float, { nullable: true }) testAccuracy!: number | null;
  @Field(() => Float, { nullable: true }) seconds!: number | null;
  @Field(() => Int, { nullable: true }) samples!: number | null;
}

@ObjectType('MetricColumns', {
  description: 'Metric points as parallel lists, one per field (index i of every list is point i), in (phase, net, epoch, batch, layer) order: for charts.',
})
export class MetricColumnsType {
  @Field(() => Int, { description: 'How many points (the length of every list).' }) count!: number;
  @Field(() => [TrainingPhaseEnum]) phase!: TrainingPhase[];
  @Field(() => NumberColumnScalar) net!: number[];
  @Field(() => NumberColumnScalar) epoch!: number[];
  @Field(() => NumberColumnScalar) batch!: number[];
  @Field(() => NumberColumnScalar) layer!: number[];
  @Field(() => NumberColumnScalar) nhsicX!: (number | null)[];
  @Field(() => NumberColumnScalar) nhsicY!: (number | null)[];
  @Field(() => NumberColumnScalar) loss!: (number | null)[];
  @Field(() => NumberColumnScalar) accuracy!: (number | null)[];
  @Field(() => NumberColumnScalar) trainAccuracy!: (number | null)[];
  @Field(() => NumberColumnScalar) testAccuracy!: (number | null)[];
  @Field(() => NumberColumnScalar) seconds!: (number | null)[];
  @Field(() => NumberColumnScalar) samples!: (number | null)[];
}

@ObjectType('Checkpoint', { description: 'Stored model bytes (metadata only).' })
export class CheckpointType {
  @Field(() => String) id!: string;
  @Field(() => String, { description: "'hsic' or 'backprop': which model of the pipeline." }) role!: CheckpointRole;
  @Field(() => TrainingPhaseEnum) phase!: TrainingPhase;
  @Field(() => Int) net!: number;
  @Field(() => Int, { description: '−1 for a finished model.' }) epoch!: number;
  @Field(() => Boolean, { description: 'A finished model (what model versions point at) rather than a per-epoch snapshot.' }) final!: boolean;
  @Field(() => Int) sizeBytes!: number;
  @Field(() => String) sha256!: string;
  @Field(() => Date) createdAt!: Date;
}
