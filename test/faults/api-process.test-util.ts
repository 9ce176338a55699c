// A real API process (apps/api/dist/main.js, HSIC_ROLE=api) on a database of the test's, on a given port:
// a test can kill it (-9) and start another on the same address, as a restarted pod would be.
import { resolve } from 'node:path';
import { eventually } from '@hsic/testing';
import { NodeProcess } from '../support/node-process.test-util.js';

export const API_ENTRY = resolve('apps/api/dist/main.js');

export class ApiProcess extends NodeProcess {
  readonly url: string;

  private constructor(port: number, env: Record<string, string>) {
    super(API_ENTRY, { HSIC_ROLE: 'api', PORT: String(port), ...env });
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Starts it and waits until it answers its liveness probe. */
  static async start(port: number, env: Record<string, string>): Promise<ApiProcess> {
    const api = new ApiProcess(port, env);
    try {
      await eventually(async () => {
        if (!api.running) throw new Error('exited');
        const response = await fetch(`${api.url}/v2/health/live`, { signal: AbortSignal.timeout(2_000) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
      }, 60_000, 200);
    } catch (error) {
      api.kill('SIGKILL');
      throw new Error(`the API did not start: ${error instanceof Error ? error.message : String(error)}\n${api.output()}`);
    }
    return api;
  }
}
