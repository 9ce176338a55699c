// Reads prisma/migrations the way the Prisma 7.10 CLI does, in the shape its schema engine expects.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface MigrationDirectory {
  readonly path: string;
  readonly migrationFile: {
    readonly path: string;
    readonly content: { readonly tag: 'ok'; readonly value: string } | { readonly tag: 'error'; readonly value: string };
  };
}

export interface MigrationList {
  readonly baseDir: string;
  readonly lockfile: { readonly path: string; readonly content: string | null };
  readonly shadowDbInitScript: string;
  readonly migrationDirectories: MigrationDirectory[];
}

export const MIGRATION_LOCK_FILE = 'migration_lock.toml';
const MIGRATION_FILE = 'migration.sql';

export async function readMigrationsList(baseDir: string): Promise<MigrationList> {
  const lockContent = await readFile(path.join(baseDir, MIGRATION_LOCK_FILE), 'utf8').catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const directories: MigrationDirectory[] = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const content = await readFile(path.join(baseDir, entry.name, MIGRATION_FILE), 'utf8').then(
      (value) => ({ tag: 'ok' as const, value }),
      (error: Error) => ({ tag: 'error' as const, value: error.message }),
    );
    directories.push({ path: entry.name, migrationFile: { path: MIGRATION_FILE, content } });
  }
  // Same order as the CLI: folder names start with a UTC timestamp.
  directories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories: directories,
  };
}
