// The dev-time migration tool (Prisma's wasm schema engine), with scratch databases on the local PostgreSQL.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyMigrations, defaultMigrationsDir, workspaceRoot } from '../src/index.js';
import {
  createMigration,
  diffMigrationsToSchema,
  EMPTY_MIGRATION,
  migrationStatus,
} from '../src/migrate-tool/migrate-commands.js';
import { createScratchPostgres, TEST_ADMIN_URL } from '@hsic/testing';

describe('migration tool (wasm schema engine)', () => {
  it('finds the committed migrations in step with schema.prisma', async () => {
    expect((await diffMigrationsToSchema({ scratchUrl: TEST_ADMIN_URL })).trim()).toBe(EMPTY_MIGRATION);
  });

  it("accepts a database migrated by applyMigrations as Prisma's own deploy would", async () => {
    const scratch = await createScratchPostgres();
    try {
      await applyMigrations(scratch.url);
      expect(await migrationStatus(scratch.url)).toMatchObject({
        history: null,
        failedMigrationNames: [],
        editedMigrationNames: [],
        hasMigrationsTable: true,
      });
    } finally {
      await scratch.drop();
    }
  });

  it('writes a new migration for a schema change', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hsic-migrate-'));
    try {
      const migrationsDir = path.join(dir, 'migrations');
      const schemaPath = path.join(dir, 'schema.prisma');
      await cp(defaultMigrationsDir(), migrationsDir, { recursive: true });
      const schema = await readFile(path.join(workspaceRoot(), 'prisma', 'schema.prisma'), 'utf8');
      await writeFile(schemaPath, schema.replace('  sha256     String\n', '  sha256     String\n  note       String?\n'));

      const created = await createMigration('add_note', { schemaPath, migrationsDir, scratchUrl: TEST_ADMIN_URL });
      expect(created.name).toMatch(/^\d{14}_add_note$/);
      expect(created.sql).toContain('ALTER TABLE "Checkpoint" ADD COLUMN     "note" TEXT;');
      expect(await readFile(path.join(migrationsDir, created.name as string, 'migration.sql'), 'utf8')).toBe(created.sql);
      expect(await readdir(migrationsDir)).toEqual(expect.arrayContaining([created.name, 'migration_lock.toml']));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
