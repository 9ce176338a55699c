// Migration tooling (dev-time), run through the root npm scripts:
//   npm run migrate:create -- <name> [--draft] [--scratch-url URL]   new prisma/migrations/<ts>_<name>/migration.sql
//   npm run migrate:diff   -- [--scratch-url URL]                    SQL the schema still needs (empty = in step)
//   npm run migrate:deploy                                           apply pending migrations on DATABASE_URL
//   npm run migrate:status                                           engine's view of DATABASE_URL's history
// Scratch databases are in-memory PGlite by default (no server, ~10 s); --scratch-url (or
// HSIC_MIGRATE_SCRATCH_URL) uses throw-away databases on a PostgreSQL server instead (~1 s).
import { parseArgs } from 'node:util';
import { applyMigrations } from '../migrations/apply-migrations.js';
import { createMigration, diffMigrationsToSchema, migrationStatus } from './migrate-commands.js';

const USAGE = 'usage: main.js create <name> [--draft] [--scratch-url URL] | diff [--scratch-url URL] | deploy | status';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { draft: { type: 'boolean', default: false }, 'scratch-url': { type: 'string' } },
  });
  const [command, name] = positionals;
  const scratchUrl = values['scratch-url'] ?? (process.env.HSIC_MIGRATE_SCRATCH_URL || undefined);
  const started = performance.now();
  switch (command) {
    case 'create': {
      if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error(`${USAGE}\n(<name>: lower-case letters, digits and "_")`);
      const created = await createMigration(name, { draft: values.draft, scratchUrl });
      console.log(created.name ? `created prisma/migrations/${created.name}/migration.sql` : 'no schema changes: no migration created');
      break;
    }
    case 'diff':
      process.stdout.write(await diffMigrationsToSchema({ scratchUrl }));
      break;
    case 'deploy': {
      const url = requireDatabaseUrl();
      const { applied } = await applyMigrations(url, { log: console.log });
      console.log(`applied ${applied.length} migration(s)`);
      break;
    }
    case 'status':
      console.log(JSON.stringify(await migrationStatus(requireDatabaseUrl()), null, 2));
      break;
    default:
      throw new Error(USAGE);
  }
  console.error(`[migrate ${command}] ${(performance.now() - started).toFixed(0)} ms`);
}

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must be set (a postgresql:// URL)');
  return url;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
