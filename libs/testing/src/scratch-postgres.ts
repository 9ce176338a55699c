import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** Any database on the test server (the shared PostgreSQL 15); scratch databases are created and dropped through it. */
export const TEST_ADMIN_URL = process.env['HSIC_TEST_ADMIN_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** One statement on the admin database, on a connection of its own. */
export async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export interface ScratchPostgres {
  readonly name: string;
  readonly url: string;
  /** Drops it, closing whatever connections are left. */
  drop(): Promise<void>;
}

/** A new, empty, uniquely named database on the test server (no migrations): one test file's own. */
export async function createScratchPostgres(prefix = 'hsic_test'): Promise<ScratchPostgres> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
