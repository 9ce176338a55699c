// Runtime `prisma migrate deploy` in plain `pg` (no native or wasm engine in production): applies the
// committed prisma/migrations/*/migration.sql in name order and records them in `_prisma_migrations` exactly
// as Prisma's schema engine does, so `prisma migrate deploy/status` accept a database migrated by us and the
// other way round.
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { defaultMigrationsDir } from '../paths.js';
import { readMigrationsList } from './migrations-dir.js';

// The DDL the schema engine runs (sql-schema-connector, postgres flavour).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// The schema engine's advisory lock key, so a CLI deploy and ours never run at the same time.
const MIGRATION_LOCK_KEY = 72707369;

export const migrationChecksum = (script: string): string => createHash('sha256').update(script, 'utf8').digest('hex');

export interface ApplyMigrationsOptions {
  /** Default: prisma/migrations of this workspace, found relative to this package. */
  readonly migrationsDir?: string;
  readonly log?: (message: string) => void;
}

export interface ApplyMigrationsResult {
  /** Names of the migrations applied now (empty when the database was up to date). */
  readonly applied: string[];
  /** Applied migrations whose file changed since (a warning, as with `prisma migrate deploy`). */
  readonly edited: string[];
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function applyMigrations(url: string, options: ApplyMigrationsOptions = {}): Promise<ApplyMigrationsResult> {
  const log = options.log ?? (() => {});
  const list = await readMigrationsList(options.migrationsDir ?? defaultMigrationsDir());
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<MigrationRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
    );
    const failed = rows.filter((row) => !row.finished_at && !row.rolled_back_at).map((row) => row.migration_name);
    if (failed.length > 0) {
      // Prisma's P3009: a failed migration blocks deploys until it is resolved (`prisma migrate resolve`).
      throw new Error(`the database has failed migrations: ${failed.join(', ')} (P3009); resolve them first`);
    }
    const done = new Map(rows.filter((row) => row.finished_at).map((row) => [row.migration_name, row.checksum]));
    const result: ApplyMigrationsResult = { applied: [], edited: [] };
    for (const directory of list.migrationDirectories) {
      const content = directory.migrationFile.content;
      if (content.tag === 'error') throw new Error(`cannot read migration ${directory.path}: ${content.value}`);
      const checksum = migrationChecksum(content.value);
      const known = done.get(directory.path);
      if (known !== undefined) {
        if (known !== checksum) result.edited.push(directory.path);
        continue;
      }
      if (await applyOne(client, directory.path, content.value, checksum)) {
        result.applied.push(directory.path);
        log(`applied migration ${directory.path}`);
      }
    }
    if (result.edited.length > 0) log(`warning: applied migrations were edited since: ${result.edited.join(', ')}`);
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/**
 * Script and bookkeeping commit or roll back together (the engine instead leaves a "failed" row behind), so a
 * failed deploy leaves the database as it was and can simply be retried. Returns false when another process
 * applied it meanwhile: through pglite-socket every connection shares one session, so the advisory lock does
 * not exclude a second process there, but its transactions are serialized, so re-checking inside ours does.
 */
async function applyOne(client: pg.Client, name: string, script: string, checksum: string): Promise<boolean> {
  await client.query('BEGIN');
  try {
    const { rowCount } = await client.query(
      'SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL',
      [name],
    );
    if (rowCount) {
      await client.query('ROLLBACK');
      return false;
    }
    const id = randomUUID();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, checksum, name],
    );
    await client.query(script); // simple query protocol: the whole multi-statement script at once
    await client.query(
      'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw new Error(`migration ${name} failed: ${(error as Error).message}`, { cause: error });
  }
}
