import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma 7's CLI resolves its native schema engine for every command and downloads it from a host that is
// not reachable here. generate/validate/format only need the path to exist, so point it at a stub that fails
// loudly if something really tries to run it. Migrations are created with the wasm engine
// (`npm run migrate:create -- <name>`) and applied by applyMigrations() from @hsic/persistence.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, 'scripts/no-schema-engine.sh');

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    // env('DATABASE_URL') throws when unset, and then even `prisma generate` fails: use a default.
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  },
});
