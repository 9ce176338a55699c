// The JobQueue contract on pg-boss through the embedded PGlite server (the default setup without
// DATABASE_URL): one session shared by all connections, no LISTEN/NOTIFY.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@hsic/persistence';
import { createPgBossJobQueue, type JobQueue } from '../src/index.js';
import { describeJobQueueContract, type ContractHarness } from './job-queue.contract.test-util.js';

describe('pg-boss job queue on the embedded server', () => {
  let folder: string;
  let server: EmbeddedPostgres;
  const instances: JobQueue[] = [];
  const harness: ContractHarness = {
    async newQueue(options = {}) {
      const queue = await createPgBossJobQueue({ url: server.url, clock: options.clock, pollingIntervalSeconds: 0.5, heartbeatRefreshSeconds: 1 });
      instances.push(queue);
      return queue;
    },
  };

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'hsic-jobs-pglite-'));
    server = await startEmbeddedPostgres({ dataDir: path.join(folder, 'pglite') });
  });
  afterAll(async () => {
    await Promise.all(instances.map((queue) => queue.stop({ timeoutMs: 1000 })));
    await server?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  describeJobQueueContract(() => harness);
});
