import { GraphQLError, GraphQLScalarType } from 'graphql';

/**
 * A whole column of numbers as one value. A GraphQL list of 50,000 Floats is completed item by item (about
 * 1 µs each in graphql-js); one scalar is serialized once, so a large run's metrics come back in a fraction
 * of the time. Output only.
 */
export const NumberColumnScalar = new GraphQLScalarType({
  name: 'NumberColumn',
  description: 'A list of numbers (null where a point has no value), serialized as one JSON array. Output only.',
  serialize: (value) => {
    if (!Array.isArray(value)) throw new GraphQLError('NumberColumn: expected an array');
    return value;
  },
  parseValue: () => {
    throw new GraphQLError('NumberColumn is an output type');
  },
  parseLiteral: () => {
    throw new GraphQLError('NumberColumn is an output type');
  },
});
