// A throw-away database on the local PostgreSQL 15 for one test file: created, migrated, dropped after.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { listDatasets } from '@hsic/data';
import { parseTrainingConfig } from '@hsic/engine';
import { createRepositories, openDatabase, type Database, type Repositories } from '@hsic/persistence';

export const ADMIN_URL = process.env.HSIC_TEST_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  readonly url: string;
  readonly db: Database;
  /** Validating repositories, as the API and the worker use them. */
  readonly repos: Repositories;
  /** Repositories that store any config (to plant a bad one, as an older API version might have). */
  readonly lenientRepos: Repositories;
  dispose(): Promise<void>;
}

export async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Creates an empty database (no migrations): for processes that open it themselves. */
export async function createEmptyDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
  return { url, drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** A migrated database with the data library's datasets recorded (runs reference them). */
export async function openScratchDatabase(prefix = 'hsic_training'): Promise<ScratchDatabase> {
  const empty = await createEmptyDatabase(prefix);
  const db = await openDatabase({ databaseUrl: empty.url, env: {} });
  const repos = createRepositories(db.prisma, { validateConfig: (config) => parseTrainingConfig(config) });
  await repos.datasets.upsertMany(listDatasets());
  return {
    url: empty.url,
    db,
    repos,
    lenientRepos: createRepositories(db.prisma),
    async dispose() {
      await db.close();
      await empty.drop();
    },
  };
}
