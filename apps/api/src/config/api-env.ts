import { dataEnvFields } from '@hsic/data';
import { backendEnvFields } from '@hsic/engine';
import { databaseEnvFields } from '@hsic/persistence';
import { WORKER_CPU_PRIORITIES } from '@hsic/training';
import { z } from 'zod';

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema.optional());
const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

/** Which tier this process is: `all` (local trial: API + one worker child on the same database) is the default. */
export const API_ROLES = ['api', 'worker', 'all'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export const DEFAULT_DASHBOARD_PORT = 3001;

const isOrigin = (value: string) => {
  try {
    const url = new URL(value);
    return ['http:', 'https:'].includes(url.protocol) && url.origin === value;
  } catch {
    return false;
  }
};

const apiEnvSchema = z.object({
  PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(65535).default(3000)),
  /** The dashboard's port (HSIC_ROLE=all starts it there; CORS allows it by default). */
  DASHBOARD_PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(65535).default(DEFAULT_DASHBOARD_PORT)),
  /** Browser origins allowed to call the API, comma-separated (e.g. https://dash.example.com); default: the local dashboard. */
  HSIC_CORS_ORIGINS: optional(
    z
      .string()
      .transform((value) => value.split(',').map((origin) => origin.trim()).filter((origin) => origin.length > 0))
      .refine((origins) => origins.every(isOrigin), 'must be comma-separated origins such as https://dash.example.com (scheme, host, optional port; no path)'),
  ),
  /** How often runProgress subscriptions look for new metric points (the live dashboard's refresh period). */
  HSIC_PROGRESS_POLL_MS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(50).max(60_000).default(500)),
  /** The bootstrap admin key (shown nowhere: only its hash is stored). Unset: the first start makes one and prints it once. */
  HSIC_ADMIN_KEY: optional(
    z.string().regex(/^hsic_[A-Za-z0-9_-]{20,200}$/, 'must look like an HSIC Studio key: "hsic_" and at least 20 of A-Z a-z 0-9 _ - (e.g. hsic_$(openssl rand -hex 24))'),
  ),
  /** Memory one run may use on a worker, in MiB: bigger runs are refused before they are stored. Default: 70 % of this machine's memory. */
  HSIC_WORKER_MEMORY_MB: optional(positiveInt(16 * 1024 * 1024).refine((mb) => mb >= 64, 'must be at least 64')),
  /** production: GraphQL introspection is off. */
  NODE_ENV: optional(z.string()),
  /** Most a GraphQL operation may cost (fields, lists times their items). */
  HSIC_GRAPHQL_MAX_COST: optional(positiveInt(10_000_000)),
  /** Deepest field nesting and most aliases in one GraphQL operation. */
  HSIC_GRAPHQL_MAX_DEPTH: optional(positiveInt(100)),
  HSIC_GRAPHQL_MAX_ALIASES: optional(positiveInt(10_000)),
  /** Requests per second per client (API key, or address); 0: no limit. */
  HSIC_RATE_LIMIT_PER_SECOND: optional(z.coerce.number().int().min(0).max(10_000_000)),
  /** Longest a client may take to send a whole request, in ms. */
  HSIC_REQUEST_TIMEOUT_MS: optional(z.coerce.number().int().min(1000).max(3_600_000)),
  /** Queries, subscriptions, serving and /metrics need a READ key too. */
  HSIC_REQUIRE_KEY_FOR_READS: z.preprocess(emptyAsUnset, z.enum(['true', 'false']).default('false')).transform((value) => value === 'true'),
  /** HSIC_ROLE=all: do not start the dashboard (e.g. it runs elsewhere). */
  HSIC_NO_DASHBOARD: z.preprocess(emptyAsUnset, z.enum(['true', 'false']).default('false')).transform((value) => value === 'true'),
  HSIC_ROLE: z.preprocess(emptyAsUnset, z.enum(API_ROLES).default('all')),
  /** HSIC_ROLE=all: the worker child's CPU niceness (0–19): training yields the CPU to serving and the dashboard. */
  HSIC_WORKER_NICENESS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(19).default(10)),
  /** HSIC_ROLE=all: the worker child trains at idle CPU priority (Linux SCHED_IDLE) unless this is `normal`. */
  HSIC_WORKER_CPU_PRIORITY: z.preprocess(emptyAsUnset, z.enum(WORKER_CPU_PRIORITIES).default('idle')),
  /** The database: real PostgreSQL at DATABASE_URL, else the embedded one in $HSIC_DATA_HOME/pglite; pool and timeouts. */
  ...databaseEnvFields,
  /** The backend predictions (and the worker child's training) run on; where datasets live. */
  ...backendEnvFields,
  ...dataEnvFields,
  /** Bytes per uploaded image on :classify. */
  HSIC_MAX_UPLOAD_BYTES: optional(positiveInt(1024 * 1024 * 1024)),
  /** Files per :classify request. */
  HSIC_MAX_UPLOAD_FILES: optional(positiveInt(10_000)),
  /** Bytes of a JSON request body (:predict, GraphQL). */
  HSIC_MAX_JSON_BODY_BYTES: optional(positiveInt(1024 * 1024 * 1024)),
  /** :predict / :classify requests held at once before 503 + Retry-After. */
  HSIC_MAX_PENDING_PREDICTIONS: optional(positiveInt(1_000_000)),
  /** Images decoded at the same time in the process. */
  HSIC_MAX_CONCURRENT_DECODES: optional(positiveInt(64)),
});

export type ApiEnv = z.infer<typeof apiEnvSchema>;

export class ApiEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiEnvError';
  }
}

/** Reads and checks the variables at boot; a bad one stops the process with a message naming it (never its value). */
export function loadApiEnv(env: NodeJS.ProcessEnv = process.env): ApiEnv {
  const parsed = apiEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ApiEnvError(`invalid environment: ${problems.join('; ')}`);
}
