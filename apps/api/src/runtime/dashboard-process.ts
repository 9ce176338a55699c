import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { workspaceRoot } from '@hsic/persistence';
import type { ApiLogger } from '../observability/api-logger.js';
import { superviseChild, type ChildSupervisor } from './child-supervisor.js';

export const dashboardDir = () => path.join(workspaceRoot(), 'apps', 'dashboard');

/**
 * HSIC_ROLE=all: the dashboard (`next start` of apps/dashboard) as a supervised child on `port`, talking to
 * this API at `apiUrl` with its own key (held on its server, never sent to browsers). It is a separate process that only uses the API's public GraphQL and REST, exactly as
 * when it runs on another machine. Null (with a message) when it has not been built.
 */
export function startDashboard(options: { readonly port: number; readonly apiUrl: string; readonly apiKey: string; readonly log: ApiLogger }): ChildSupervisor | null {
  const dir = dashboardDir();
  if (!existsSync(path.join(dir, '.next', 'BUILD_ID'))) {
    options.log.error(`the dashboard is not built (no ${path.join(dir, '.next')}): run \`npm run build\`; starting without it`);
    return null;
  }
  // Next as the dashboard itself resolves it (its own dependency), not as this package would.
  const nextCli = createRequire(path.join(dir, 'package.json')).resolve('next/dist/bin/next');
  return superviseChild({
    name: 'dashboard',
    entry: nextCli,
    args: ['start', dir, '--port', String(options.port)],
    cwd: dir,
    env: { ...process.env, HSIC_API_URL: options.apiUrl, HSIC_API_KEY: options.apiKey, NEXT_TELEMETRY_DISABLED: '1', PORT: String(options.port) },
    log: options.log,
    stopTimeoutMs: 10_000,
  });
}
