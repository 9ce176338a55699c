import { Inject, UseFilters } from '@nestjs/common';
import { Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Repositories } from '@hsic/persistence';
import { REPOSITORIES } from '../../dependencies.js';
import { GraphqlErrorsFilter } from '../common/graphql-errors.filter.js';

@ObjectType('ImageShape')
export class ImageShapeType {
  @Field(() => Int) height!: number;
  @Field(() => Int) width!: number;
  @Field(() => Int) channels!: number;
}

@ObjectType('Dataset')
export class DatasetType {
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => Int) trainCount!: number;
  @Field(() => Int) testCount!: number;
  @Field(() => ImageShapeType) shape!: ImageShapeType;
  @Field(() => [String]) classNames!: string[];
  @Field(() => Date) updatedAt!: Date;
}

@UseFilters(GraphqlErrorsFilter)
@Resolver(() => DatasetType)
export class DatasetsResolver {
  constructor(@Inject(REPOSITORIES) private readonly repos: Repositories) {}

  @Query(() => [DatasetType], { description: 'The datasets runs can train on.' })
  datasets(): Promise<DatasetType[]> {
    return this.repos.datasets.list();
  }
}
