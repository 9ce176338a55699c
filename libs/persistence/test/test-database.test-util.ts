// Opens a throw-away database for a test file: a uniquely named database on the local PostgreSQL 15, or an
// embedded PGlite server on a fresh temp folder. Both go through openDatabase(), migrations included.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/index.js';

export type TestTarget = 'postgres' | 'embedded';

/** Any database on the test server; scratch databases are created and dropped through it. */
export const ADMIN_URL = process.env.HSIC_TEST_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly db: Database;
  /** For the embedded target: the data folder. */
  readonly dataDir?: string;
  dispose(): Promise<void>;
}

export async function createScratchPostgres(prefix = 'hsic_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export async function openTestDatabase(target: TestTarget): Promise<TestDatabase> {
  if (target === 'postgres') {
    const scratch = await createScratchPostgres();
    const db = await openDatabase({ databaseUrl: scratch.url, env: {} });
    return {
      db,
      async dispose() {
        await db.close();
        await scratch.drop();
      },
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hsic-pglite-'));
  const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite'), env: {} });
  return {
    db,
    dataDir,
    async dispose() {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
