import { UsageError } from './cli-error.js';

/**
 * Applies `--set path=value` overrides to a plain config object, e.g. `hsic.epochs=3` or
 * `hsic.sigma=[1,5,10]`. Values are parsed as JSON when they can be, else kept as strings;
 * validation happens afterwards on the whole config.
 */
export function applyOverrides(config: Record<string, unknown>, assignments: readonly string[]): Record<string, unknown> {
  const result = structuredClone(config);
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects path=value, got "${assignment}"`);
    const path = assignment.slice(0, eq).split('.');
    const raw = assignment.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    let node: Record<string, unknown> = result;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === undefined) node[key] = {};
      else if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new UsageError(`--set ${assignment}: "${key}" is not a section`);
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return result;
}
