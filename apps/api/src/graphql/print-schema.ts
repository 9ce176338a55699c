// Prints the GraphQL schema (SDL) the API serves, built from the resolvers alone (no database, no server):
//   node apps/api/dist/graphql/print-schema.js > apps/api/schema.graphql
// apps/api/schema.graphql is the contract the dashboard codes against; a spec fails when it is stale.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { pathToFileURL } from 'node:url';
import { RESOLVERS } from './resolvers.js';

export async function buildSchemaSdl(): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  try {
    await app.init();
    const schema = await app.get(GraphQLSchemaFactory).create([...RESOLVERS]);
    return `${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await app.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(await buildSchemaSdl());
}
