import { randomUUID } from 'node:crypto';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { startEmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { connectEngineAdapter } from './engine-adapter.js';

/** Opens a connection for the schema engine: an existing database, or a fresh empty scratch one. */
export type DatabaseOpener = () => Promise<SqlDriverAdapter>;

export const existingDatabase =
  (url: string): DatabaseOpener =>
  () =>
    connectEngineAdapter(url);

/** Disposes the adapter, then runs `after` (dropping or stopping what held the scratch database). */
function disposeThen(adapter: SqlDriverAdapter, after: () => Promise<void>): SqlDriverAdapter {
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    await after();
  };
  return adapter;
}

/** A throw-away in-memory PGlite: needs no server at all (each costs an initdb, ~4 s). */
export const pgliteScratch: DatabaseOpener = async () => {
  const embedded = await startEmbeddedPostgres({ maxConnections: 8 });
  const adapter = await connectEngineAdapter(embedded.url, 4);
  return disposeThen(adapter, () => embedded.stop());
};

/**
 * A new database on a real PostgreSQL server (adminUrl may name any database there), dropped on dispose.
 * Replaces adapter-pg's connectToShadowDb, which drops the database before closing its pool.
 */
export function serverScratch(adminUrl: string): DatabaseOpener {
  return async () => {
    const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const adapter = await connectEngineAdapter(url.toString());
    return disposeThen(adapter, async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    });
  };
}
