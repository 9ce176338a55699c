import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PersistenceConfigError } from './errors.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Walks up from this module (src/ under Jest, dist/ when built) to the first folder holding `relative`, so
 * lookups depend on where the package is installed, never on the process's cwd.
 */
function findUp(relative: string): string | null {
  for (let dir = here; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/** The committed Prisma migrations (prisma/migrations at the workspace root). */
export function defaultMigrationsDir(): string {
  const found = findUp(path.join('prisma', 'migrations', 'migration_lock.toml'));
  if (!found) throw new PersistenceConfigError(`cannot find prisma/migrations above ${here}`);
  return path.dirname(found);
}

/** The workspace root: the folder with prisma/schema.prisma (where `.data/` lives). */
export function workspaceRoot(): string {
  const found = findUp(path.join('prisma', 'schema.prisma'));
  if (!found) throw new PersistenceConfigError(`cannot find prisma/schema.prisma above ${here}`);
  return path.dirname(path.dirname(found));
}

/** Where the embedded database keeps its files: $HSIC_DATA_HOME/pglite, else <workspace>/.data/pglite. */
export function defaultEmbeddedDataDir(dataHome?: string): string {
  return dataHome ? path.resolve(dataHome, 'pglite') : path.join(workspaceRoot(), '.data', 'pglite');
}
