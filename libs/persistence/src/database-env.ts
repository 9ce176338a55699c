import { z } from 'zod';
import { PersistenceConfigError } from './errors.js';
import { defaultEmbeddedDataDir } from './paths.js';

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

const postgresUrl = z.string().refine((value) => {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be a postgres:// or postgresql:// URL');

/**
 * The variables a process that opens the database reads, as fields its role's environment module includes (the API's,
 * the worker's, the CLI's): each role reads and validates its environment once, at boot; this library never reads it.
 */
export const databaseEnvFields = {
  /** Real PostgreSQL. Unset: the embedded PGlite server is started. */
  DATABASE_URL: z.preprocess(emptyAsUnset, postgresUrl.optional()),
  /** Folder for local state; the embedded database lives in <HSIC_DATA_HOME>/pglite. */
  HSIC_DATA_HOME: z.preprocess(emptyAsUnset, z.string().optional()),
  /** Fixed port for the embedded server (default: a free port). */
  HSIC_EMBEDDED_DB_PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(65535).optional()),
  /** Prisma connection pool size. */
  HSIC_DB_POOL_MAX: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(100).optional()),
  /** Longest one SQL statement of the app may run (PostgreSQL statement_timeout), in ms; 0: no limit. */
  HSIC_DB_STATEMENT_TIMEOUT_MS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(3_600_000).optional()),
};

const databaseEnvSchema = z.object(databaseEnvFields);

export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;

/** For a role that needs nothing else (the CLI's key commands): reads and checks these variables alone. */
export function loadDatabaseEnv(env: NodeJS.ProcessEnv): DatabaseEnv {
  const parsed = databaseEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  // Never echo the values: a DATABASE_URL may carry a password.
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new PersistenceConfigError(`invalid environment: ${problems.join('; ')}`);
}

/** What openDatabase needs from those variables. */
export function databaseOptionsFrom(env: Partial<DatabaseEnv>) {
  return {
    databaseUrl: env.DATABASE_URL,
    dataDir: defaultEmbeddedDataDir(env.HSIC_DATA_HOME),
    port: env.HSIC_EMBEDDED_DB_PORT,
    poolMax: env.HSIC_DB_POOL_MAX,
    statementTimeoutMs: env.HSIC_DB_STATEMENT_TIMEOUT_MS,
  };
}
