import { WORKER_SILENT_AFTER_MS, type WorkerRegistration } from '@hsic/contracts';
import { WorkersRepository } from '../src/index.js';
import { uniqueName } from './builders.test-util.js';
import type { GetContext } from './suite-context.test-util.js';

const aWorker = (overrides: Partial<WorkerRegistration> = {}): WorkerRegistration => ({
  id: uniqueName('worker'),
  hostname: 'box-1',
  pid: 4242,
  backend: 'wasm',
  device: 'CPU',
  detail: 'wasm (CPU, 4.22.0, 1 thread, SIMD)',
  ...overrides,
});

export function describeWorkers(context: GetContext): void {
  describe('workers repository', () => {
    /** A repository whose clock the test moves. */
    const atClock = () => {
      let now = new Date('2026-12-06T10:00:00Z');
      return {
        workers: new WorkersRepository(context().db.prisma, () => now),
        advance: (ms: number) => (now = new Date(now.getTime() + ms)),
        now: () => now,
      };
    };

    it('registers a worker alive, keeps it alive while it heartbeats, and tells silent and stopped ones apart', async () => {
      const { workers, advance, now } = atClock();
      const gpu = aWorker({ backend: 'tensorflow-gpu', device: 'GPU' });
      const cpu = aWorker();
      const since = now();
      expect(await workers.register(gpu)).toMatchObject({ ...gpu, state: 'ALIVE', startedAt: since, lastSeenAt: since, stoppedAt: null });
      await workers.register(cpu);

      advance(WORKER_SILENT_AFTER_MS - 1_000);
      expect(await workers.heartbeat(gpu.id)).toBe(true);
      advance(2_000);
      const states = Object.fromEntries((await workers.listSeenSince(since)).filter((w) => [gpu.id, cpu.id].includes(w.id)).map((w) => [w.id, w.state]));
      expect(states).toEqual({ [gpu.id]: 'ALIVE', [cpu.id]: 'SILENT' });

      await workers.markStopped(gpu.id);
      const stopped = (await workers.listSeenSince(since)).find((w) => w.id === gpu.id);
      expect(stopped).toMatchObject({ state: 'STOPPED', stoppedAt: now() });
    });

    it('re-registers a restarted worker under its fixed id, alive again', async () => {
      const { workers, advance } = atClock();
      const worker = aWorker();
      await workers.register(worker);
      await workers.markStopped(worker.id);
      advance(60_000);
      const again = await workers.register({ ...worker, pid: 7, backend: 'cpu' });
      expect(again).toMatchObject({ id: worker.id, pid: 7, backend: 'cpu', state: 'ALIVE', stoppedAt: null });
    });

    it('answers false to a heartbeat of an unknown worker, and forgets workers not seen for long', async () => {
      const { workers, advance, now } = atClock();
      expect(await workers.heartbeat(uniqueName('nobody'))).toBe(false);
      const old = aWorker();
      await workers.register(old);
      advance(25 * 3600_000);
      const fresh = aWorker();
      await workers.register(fresh);
      expect(await workers.prune(new Date(now().getTime() - 24 * 3600_000))).toBeGreaterThanOrEqual(1);
      const ids = (await workers.listSeenSince(new Date(0))).map((w) => w.id);
      expect(ids).toContain(fresh.id);
      expect(ids).not.toContain(old.id);
    });

    it('refuses a registration that breaks the contract', async () => {
      const { workers } = atClock();
      await expect(workers.register(aWorker({ id: '' }))).rejects.toThrow();
    });
  });
}
