import { parseServingPath } from '@hsic/serving';

const FIXED_ROUTES = new Set(['/graphql', '/metrics', '/v1/hello', '/v2/health/live', '/v2/health/ready']);

/**
 * The `route` label of HTTP metrics: a pattern, never a raw path, so label values stay few (model names
 * and versions are not labels here; the serving metrics carry them).
 */
export function routeLabel(path: string): string {
  if (FIXED_ROUTES.has(path)) return path;
  if (path.startsWith('/v1/models/')) {
    try {
      const { action, ref } = parseServingPath(path);
      const target = ref.version !== undefined ? '/versions/{v}' : ref.alias !== undefined ? '/labels/{label}' : '';
      const suffix = action === 'predict' || action === 'classify' ? `:${action}` : action === 'metadata' ? '/metadata' : '';
      return `/v1/models/{name}${target}${suffix}`;
    } catch {
      return '/v1/models/(invalid)';
    }
  }
  return '(other)';
}
