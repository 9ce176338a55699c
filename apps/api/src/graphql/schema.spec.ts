import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildSchemaSdl } from './print-schema.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

describe('apps/api/schema.graphql', () => {
  it('is the schema the resolvers build (regenerate: node apps/api/dist/graphql/print-schema.js > apps/api/schema.graphql)', async () => {
    expect(await buildSchemaSdl()).toBe(await readFile(SCHEMA_FILE, 'utf8'));
  });
});
