import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A literal written inline in a query (`config: {hsic: {epochs: 2}}`), with $variables substituted. */
function literalToJson(node: ValueNode, variables: Record<string, unknown> | null | undefined): JsonValue {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => literalToJson(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, literalToJson(field.value, variables)]));
    case Kind.VARIABLE:
      return (variables?.[node.name.value] ?? null) as JsonValue;
  }
}

/** Any JSON value: training configs go in and out as JSON and are validated by the engine, not by the schema. */
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'A JSON value. Training configs are validated by the engine when they are submitted.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalToJson,
});
