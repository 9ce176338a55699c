import { Inject } from '@nestjs/common';
import { Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Repositories } from '@hsic/persistence';
import { REPOSITORIES } from '../../dependencies.js';

@ObjectType('ImageShape')
export class ImageShapeType {
  @Field(() => Int) height!: number;
  @Field(() => Int) width!: number;
  @Field(() => Int) channels!: number;
}

@ObjectType('Dataset')
export class DatasetType {
  @Field() name!: string;
  @Field() description!: string;
  @Field(() => Int) trainCount!: number;
  @Field(() => Int) testCount!: number;
  @Field(() => ImageShapeType) shape!: ImageShapeType;
  @Field(() => [String]) classNames!: string[];
  @Field() updatedAt!: Date;
}

@Resolver(() => DatasetType)
export class DatasetsResolver {
  constructor(@Inject(REPOSITORIES) private readonly repos: Repositories) {}

  @Query(() => [DatasetType], { description: 'The datasets runs can train on.' })
  datasets(): Promise<DatasetType[]> {
    return this.repos.datasets.list();
  }
}
