// A throw-away database per test file: a uniquely named database on the local PostgreSQL 15, or the embedded
// PGlite server on a fresh temp folder. Both go through openDatabase() (migrations included).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '@hsic/persistence';

export type DatabaseTarget = 'postgres' | 'embedded';

const ADMIN_URL = process.env.HSIC_TEST_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly db: Database;
  dispose(): Promise<void>;
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

export async function openTestDatabase(target: DatabaseTarget): Promise<TestDatabase> {
  if (target === 'postgres') {
    const name = `hsic_api_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: url.toString(), env: {} });
    return {
      db,
      async dispose() {
        await db.close();
        await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'hsic-api-test-'));
  const db = await openDatabase({ dataDir: path.join(dir, 'pglite'), env: {} });
  return {
    db,
    async dispose() {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
