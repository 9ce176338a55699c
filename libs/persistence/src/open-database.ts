import { createPrismaClient, type DbClient } from './client/prisma-client.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/embedded-postgres.js';
import { applyMigrations } from './migrations/apply-migrations.js';
import { defaultEmbeddedDataDir } from './paths.js';

export interface OpenDatabaseOptions {
  /** Real PostgreSQL. Unset: start the embedded server. (A role's environment gives these: databaseOptionsFrom.) */
  readonly databaseUrl?: string;
  /** Embedded data folder; default <workspace>/.data/pglite. */
  readonly dataDir?: string;
  /** Embedded server port; default a free port. */
  readonly port?: number;
  /** Apply pending migrations (default true). */
  readonly migrate?: boolean;
  /** Default: prisma/migrations of this workspace. */
  readonly migrationsDir?: string;
  /** Prisma pool size; default 10. */
  readonly poolMax?: number;
  /** PostgreSQL statement_timeout for the app's statements, in ms (0: none); default the client's. */
  readonly statementTimeoutMs?: number;
  readonly log?: (message: string) => void;
}

export interface Database {
  /** Give this to other processes (worker: DATABASE_URL) and to the job queue. */
  readonly url: string;
  readonly prisma: DbClient;
  /** True when this process started the embedded server: it must outlive every process using `url`. */
  readonly embedded: boolean;
  /** Migrations applied by this open (empty when already up to date). */
  readonly appliedMigrations: string[];
  /** Resolves when the database answers a query (readiness checks). */
  ping(): Promise<void>;
  /** Disconnects Prisma, then stops the embedded server (if any). Idempotent. */
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PGlite server when there is none, and applies pending
 * migrations. A second process (the worker) opens the same database by passing the returned `url` as its
 * databaseUrl / DATABASE_URL; it then never starts a server of its own.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = options.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: options.dataDir ?? defaultEmbeddedDataDir(),
      port: options.port ?? 0,
      maxConnections: 64,
    });
    url = embedded.url;
  }
  try {
    const appliedMigrations =
      options.migrate === false
        ? []
        : (await applyMigrations(url, { migrationsDir: options.migrationsDir, log: options.log })).applied;
    const prisma = createPrismaClient(url, { poolMax: options.poolMax, statementTimeoutMs: options.statementTimeoutMs });
    let closing: Promise<void> | undefined;
    return {
      url,
      prisma,
      embedded: embedded !== undefined,
      appliedMigrations,
      ping: async () => {
        await prisma.$queryRaw`SELECT 1`;
      },
      close: () =>
        (closing ??= (async () => {
          await prisma.$disconnect();
          await embedded?.stop();
        })()),
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
