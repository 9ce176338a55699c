import { Inject, UseFilters } from '@nestjs/common';
import { Args, Field, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DatasetNotFoundError, isDatasetName, MAX_SAMPLES_PER_REQUEST, type DatasetSamples } from '@hsic/data';
import type { Repositories } from '@hsic/persistence';
import { GraphQLError } from 'graphql';
import { DATASET_SAMPLES, REPOSITORIES } from '../../dependencies.js';
import { FieldError, NotFoundGraphQLError } from '../common/errors.js';
import { GraphqlErrorsFilter } from '../common/graphql-errors.filter.js';

@ObjectType('DatasetSample', { description: 'One image of the test split.' })
export class DatasetSampleType {
  @Field(() => Int, { description: 'Position in the test split.' }) index!: number;
  @Field(() => Int) label!: number;
  @Field(() => String) className!: string;
  @Field(() => String, { description: 'The image as a data: URL (image/png), ready for an <img> or an upload.' }) pngDataUrl!: string;
}

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
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(DATASET_SAMPLES) private readonly samples: DatasetSamples,
  ) {}

  @Query(() => [DatasetType], { description: 'The datasets runs can train on.' })
  datasets(): Promise<DatasetType[]> {
    return this.repos.datasets.list();
  }

  @Query(() => DatasetType)
  async dataset(@Args('name', { type: () => String }) name: string): Promise<DatasetType> {
    const found = await this.repos.datasets.get(name);
    if (!found) throw new NotFoundGraphQLError('dataset', name);
    return found;
  }

  @ResolveField(() => [DatasetSampleType], {
    description: 'Images of the test split, from `offset` on (never trained on). Errors NOT_FOUND when the dataset is not installed where the API runs.',
  })
  async testSamples(
    @Parent() dataset: DatasetType,
    @Args('offset', { type: () => Int, nullable: true, description: 'Default 0.' }) offset: number | null,
    @Args('limit', { type: () => Int, nullable: true, description: `1–${MAX_SAMPLES_PER_REQUEST}, default 12.` }) limit: number | null,
  ): Promise<DatasetSampleType[]> {
    if (!isDatasetName(dataset.name)) return [];
    try {
      const samples = await this.samples.testSamples(dataset.name, offset ?? 0, limit ?? 12);
      return samples.map(({ index, label, className, png }) => ({ index, label, className, pngDataUrl: `data:image/png;base64,${png.toString('base64')}` }));
    } catch (error) {
      if (error instanceof RangeError) throw new FieldError(error.message.startsWith('offset') ? 'offset' : 'limit', error.message.replace(/^\w+ /, ''));
      if (error instanceof DatasetNotFoundError) throw new GraphQLError(error.message, { extensions: { code: 'NOT_FOUND', entity: 'dataset files', key: dataset.name } });
      throw error;
    }
  }
}
