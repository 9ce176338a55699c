import { z } from 'zod';

const emptyAsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, e.g. http://127.0.0.1:3000' }).transform((url) => url.replace(/\/+$/, ''));

const serverEnvSchema = z.object({
  /** Where the API answers (GraphQL at /graphql, serving at /v1); the browser never talks to it directly. */
  HSIC_API_URL: z.preprocess(emptyAsUnset, httpUrl.default('http://127.0.0.1:3000')),
  /** The model POST /api/classify serves (its `production` alias) when the request names none. */
  HSIC_DASHBOARD_MODEL: z.preprocess(emptyAsUnset, z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a model name such as mnist').default('mnist')),
  /**
   * The API key the dashboard's server sends (never to browsers). The API needs a key for every change, and
   * for reads too when it requires keys for reads. `npm start` hands its dashboard a key of its own.
   */
  HSIC_API_KEY: z.preprocess(emptyAsUnset, z.string().regex(/^hsic_[A-Za-z0-9_-]{20,200}$/, 'must be an HSIC Studio API key (hsic_…)').optional()),
  /** How long a call to the API may take before the page says the API is not answering. */
  HSIC_API_TIMEOUT_MS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(100).max(600_000).default(10_000)),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export class DashboardEnvError extends Error {
  override readonly name = 'DashboardEnvError';
}

/** Parses the dashboard's environment; a bad variable is an error naming it (checked once at boot, see instrumentation.ts). */
export function parseServerEnv(env: Record<string, string | undefined>): ServerEnv {
  const parsed = serverEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new DashboardEnvError(`invalid environment: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
}

let cached: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}

/** The Authorization header for calls to the API, when the dashboard has a key. */
export function apiAuthorization(): Record<string, string> {
  const key = serverEnv().HSIC_API_KEY;
  return key ? { authorization: `Bearer ${key}` } : {};
}
