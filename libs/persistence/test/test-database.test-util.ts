// Opens a throw-away database for a test file: a uniquely named database on the local PostgreSQL 15, or an
// embedded PGlite server on a fresh temp folder. Both go through openDatabase(), migrations included.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScratchPostgres } from '@hsic/testing';
import { openDatabase, type Database } from '../src/index.js';

export type TestTarget = 'postgres' | 'embedded';

export interface TestDatabase {
  readonly db: Database;
  /** For the embedded target: the data folder. */
  readonly dataDir?: string;
  dispose(): Promise<void>;
}

export async function openTestDatabase(target: TestTarget): Promise<TestDatabase> {
  if (target === 'postgres') {
    const scratch = await createScratchPostgres();
    const db = await openDatabase({ databaseUrl: scratch.url });
    return {
      db,
      async dispose() {
        await db.close();
        await scratch.drop();
      },
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hsic-pglite-'));
  const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  return {
    db,
    dataDir,
    async dispose() {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
