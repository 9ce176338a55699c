import { z } from 'zod';
import { PersistenceConfigError } from './errors.js';

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

const postgresUrl = z.string().refine((value) => {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be a postgres:// or postgresql:// URL');

const envSchema = z.object({
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
});

export type PersistenceEnv = z.infer<typeof envSchema>;

/** Reads and checks the variables this library uses; a bad value throws naming the variable. */
export function loadPersistenceEnv(env: NodeJS.ProcessEnv = process.env): PersistenceEnv {
  const parsed = envSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  // Never echo the values: a DATABASE_URL may carry a password.
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new PersistenceConfigError(`invalid environment: ${problems.join('; ')}`);
}
