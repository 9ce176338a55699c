import { cp, mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations, defaultMigrationsDir, migrationChecksum } from '../src/index.js';
import type { GetContext } from './suite-context.test-util.js';

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

export function describeMigrations(context: GetContext): void {
  describe('migrations', () => {
    it('applied the committed migrations when the database was opened, recorded as Prisma records them', async () => {
      const { db } = context();
      const dir = defaultMigrationsDir();
      const committed = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
      expect(committed[0]).toMatch(/^\d{14}_init$/);
      expect(db.appliedMigrations).toEqual(committed);
      const rows = await query<MigrationRow>(db.url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
      const expected = await Promise.all(
        committed.map(async (name) =>
          expect.objectContaining({
            migration_name: name,
            checksum: migrationChecksum(await readFile(path.join(dir, name, 'migration.sql'), 'utf8')),
            finished_at: expect.any(Date),
            applied_steps_count: 1,
          }),
        ),
      );
      expect(rows).toEqual(expected);
    });

    it('applies nothing the second time', async () => {
      expect(await applyMigrations(context().db.url)).toEqual({ applied: [], edited: [] });
    });

    it('rolls a failing migration back entirely and records nothing, so it can be fixed and retried', async () => {
      const { db } = context();
      const dir = await mkdtemp(path.join(tmpdir(), 'hsic-migrations-'));
      try {
        await cp(defaultMigrationsDir(), dir, { recursive: true });
        const broken = path.join(dir, '29990101000000_broken');
        await mkdir(broken);
        await writeFile(
          path.join(broken, 'migration.sql'),
          'CREATE TABLE "Half" ("v" TEXT DEFAULT \'a;b\');\nALTER TABLE "NoSuchTable" ADD COLUMN "x" INT;\n',
        );
        await expect(applyMigrations(db.url, { migrationsDir: dir })).rejects.toThrow(
          /29990101000000_broken failed: .*"NoSuchTable" does not exist/,
        );
        const half = await query(db.url, `SELECT to_regclass('"Half"') AS t`);
        expect(half).toEqual([{ t: null }]);
        const recorded = await query<MigrationRow>(db.url, 'SELECT migration_name FROM "_prisma_migrations"');
        expect(recorded.map((r) => r.migration_name)).toEqual(db.appliedMigrations);

        await writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE "Half" ("v" TEXT DEFAULT \'a;b\');\n');
        expect((await applyMigrations(db.url, { migrationsDir: dir })).applied).toEqual(['29990101000000_broken']);
      } finally {
        await rm(dir, { recursive: true, force: true });
        await query(db.url, 'DROP TABLE IF EXISTS "Half"');
        await query(db.url, `DELETE FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`);
      }
    });
  });
}
