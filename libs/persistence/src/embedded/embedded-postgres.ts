// Embedded PostgreSQL: one PGlite (Postgres 18 in wasm) served over TCP on 127.0.0.1 by pglite-socket, so
// Prisma (adapter-pg), pg-boss and a second process run exactly the code path they run against a real server.
// It runs in a thread of its own (embedded-postgres.thread.ts), so its synchronous query execution never
// stalls the event loop of the process that hosts it.
// Traps: every connection shares ONE Postgres session, so keep transactions short (they block everyone else)
// and never use named prepared statements, session SETs or LISTEN/NOTIFY through it. session-queue.ts keeps
// each connection's multi-message queries together.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-dir-lock.js';
import type { EmbeddedThreadData, FromEmbeddedThread, ToEmbeddedThread } from './embedded-thread-messages.js';

export interface EmbeddedPostgresOptions {
  /** Folder for the data files; undefined keeps everything in memory (scratch databases). */
  readonly dataDir?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** pglite-socket's default is 1, which breaks any pool: Prisma + pg-boss + a worker need ~20. */
  readonly maxConnections?: number;
  /**
   * The database thread died on its own (a wasm trap, out of memory), so every connection to it now fails.
   * By default the error is thrown uncaught, ending the process as a crash of the database on its thread would.
   */
  readonly onCrash?: (error: Error) => void;
}

export interface EmbeddedPostgres {
  /** postgresql:// URL any process on this machine can use while this one is alive. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * The database thread runs at a lower CPU priority than the thread that handles requests: under load it took
 * 15 % of a core, and when it and the request thread wanted the same core, a prediction waited behind SQL
 * (npm run bench:load cut :predict p99 by a third: README, "Under load"). Queries still run at once whenever a
 * core is free.
 */
export const EMBEDDED_THREAD_NICENESS = 10;

/** The compiled thread script; Jest runs this module from its TypeScript source, next to which it is not. */
function threadScript(): URL {
  const here = new URL('./embedded-postgres.thread.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return here;
  const built = new URL(here.href.replace('/libs/persistence/src/', '/libs/persistence/dist/'));
  if (!existsSync(fileURLToPath(built))) throw new Error(`${fileURLToPath(built)} is missing: build the workspace first (npm run build)`);
  return built;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  let unlock = async () => {};
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    unlock = await lockDataDir(options.dataDir);
  }
  const data: EmbeddedThreadData = { dataDir: options.dataDir, port: options.port ?? 0, maxConnections: options.maxConnections ?? 64, niceness: EMBEDDED_THREAD_NICENESS };
  const thread = new Worker(threadScript(), { workerData: data });
  let stopping: Promise<void> | undefined;
  const ended = new Promise<void>((resolve) => thread.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    thread.once('message', (message: FromEmbeddedThread) =>
      message.type === 'listening' ? resolve(message.port) : reject(new Error(`the embedded database did not start: ${message.type === 'failed' ? message.error : message.type}`)),
    );
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the embedded database thread exited (code ${code}) before it listened`)));
  }).catch(async (error: unknown) => {
    await thread.terminate();
    await unlock();
    throw error;
  });

  const crashed = options.onCrash ?? ((error: Error) => process.nextTick(() => { throw error; }));
  let thrown: Error | undefined;
  thread.on('error', (error) => {
    thrown = error;
    if (!stopping) crashed(error);
  });
  thread.on('exit', (code) => {
    if (!stopping && !thrown) crashed(new Error(`the embedded database thread exited (code ${code})`));
  });

  // User, password and database name are accepted and ignored: there is one database and one session.
  const url = `postgresql://postgres:postgres@${HOST}:${port}/postgres?sslmode=disable`;
  return {
    url,
    port,
    stop: () =>
      (stopping ??= (async () => {
        const answer = new Promise<FromEmbeddedThread | undefined>((resolve) => {
          thread.once('message', resolve);
          void ended.then(() => resolve(undefined));
        });
        thread.postMessage({ type: 'stop' } satisfies ToEmbeddedThread);
        const outcome = await answer;
        const exitGraceMs = 5_000;
        const timer = setTimeout(() => void thread.terminate(), exitGraceMs);
        await ended;
        clearTimeout(timer);
        await unlock();
        if (outcome?.type === 'failed') throw new Error(`the embedded database did not stop cleanly: ${outcome.error}`);
      })()),
  };
}
