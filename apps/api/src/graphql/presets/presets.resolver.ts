import { UseFilters } from '@nestjs/common';
import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { JsonObject } from '@hsic/contracts';
import { PRESET_DESCRIPTIONS, PRESETS, type PresetName } from '@hsic/engine';
import { GraphqlErrorsFilter } from '../common/graphql-errors.filter.js';
import { JsonScalar } from '../common/json.scalar.js';

@ObjectType('Preset', { description: 'A named training config that startRun and schedules can start from.' })
export class PresetType {
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => String, { description: 'The dataset it was made for (startRun may name another).' }) dataset!: string;
  @Field(() => JsonScalar, { description: 'Its fields, as startRun merges overrides into them.' }) config!: JsonObject;
}

const toPresetType = (name: PresetName): PresetType => {
  const config = PRESETS[name];
  return { name, description: PRESET_DESCRIPTIONS[name], dataset: config.data.dataset, config: structuredClone(config) as JsonObject };
};

@UseFilters(GraphqlErrorsFilter)
@Resolver(() => PresetType)
export class PresetsResolver {
  @Query(() => [PresetType], { description: 'The named configs, in the engine\'s order.' })
  presets(): PresetType[] {
    return (Object.keys(PRESETS) as PresetName[]).map(toPresetType);
  }
}
