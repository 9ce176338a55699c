// Embedded PostgreSQL: one PGlite (Postgres 18 in wasm) served over TCP on 127.0.0.1 by pglite-socket, so
// Prisma (adapter-pg), pg-boss and a second process run exactly the code path they run against a real server.
// Traps: every connection shares ONE Postgres session, so keep transactions short (they block everyone else)
// and never use named prepared statements, session SETs or LISTEN/NOTIFY through it. session-queue.ts keeps
// each connection's multi-message queries together.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './data-dir-lock.js';
import { installSessionQueue } from './session-queue.js';

export interface EmbeddedPostgresOptions {
  /** Folder for the data files; undefined keeps everything in memory (scratch databases). */
  readonly dataDir?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** pglite-socket's default is 1, which breaks any pool: Prisma + pg-boss + a worker need ~20. */
  readonly maxConnections?: number;
}

export interface EmbeddedPostgres {
  /** postgresql:// URL any process on this machine can use while this one is alive. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  let unlock = async () => {};
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    unlock = await lockDataDir(options.dataDir);
  }
  let db: PGlite | undefined;
  let server: PGLiteSocketServer;
  try {
    db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
    server = new PGLiteSocketServer({ db, host: HOST, port: options.port ?? 0, maxConnections: options.maxConnections ?? 64 });
    installSessionQueue(server, db);
    await server.start();
  } catch (error) {
    await db?.close().catch(() => {});
    await unlock();
    throw error;
  }
  const port = Number(server.getServerConn().split(':').pop());
  // User, password and database name are accepted and ignored: there is one database and one session.
  const url = `postgresql://postgres:postgres@${HOST}:${port}/postgres?sslmode=disable`;
  const pglite = db;
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop: () =>
      (stopping ??= (async () => {
        await server.stop();
        await pglite.close(); // flushes to the data folder
        await unlock();
      })()),
  };
}
