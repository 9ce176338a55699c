import { ACCESS_RESOLVERS } from '../access/access.module.js';
import { OPERATIONS_RESOLVERS } from '../observability/operations.module.js';
import { SERVING_RESOLVERS } from '../serving/serving.module.js';
import { TRAINING_RESOLVERS } from '../training/training.module.js';

/** Every resolver of the schema, from the modules that provide them (print-schema.ts builds the SDL from them). */
export const RESOLVERS = [...TRAINING_RESOLVERS, ...SERVING_RESOLVERS, ...OPERATIONS_RESOLVERS, ...ACCESS_RESOLVERS] as const;
