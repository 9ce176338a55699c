import { workerRegistrationSchema, workerStateAt, type WorkerInfo, type WorkerRegistration } from '@hsic/contracts';
import type { Db } from '../client/transactions.js';
import type { Worker as WorkerRow } from '../generated/prisma/client.js';

const toWorkerInfo = (row: WorkerRow, now: Date): WorkerInfo => ({
  id: row.id,
  hostname: row.hostname,
  pid: row.pid,
  backend: row.backend,
  device: row.device === 'GPU' ? 'GPU' : 'CPU',
  detail: row.detail,
  startedAt: row.startedAt,
  lastSeenAt: row.lastSeenAt,
  stoppedAt: row.stoppedAt,
  state: workerStateAt(row, now),
});

/** The training workers, as they report themselves: registration at start, heartbeats, a clean stop. */
export class WorkersRepository {
  constructor(
    private readonly prisma: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A worker starting (again, when its id is fixed): alive from now. */
  async register(registration: WorkerRegistration): Promise<WorkerInfo> {
    const data = workerRegistrationSchema.parse(registration);
    const now = this.now();
    const fields = { ...data, startedAt: now, lastSeenAt: now, stoppedAt: null };
    const row = await this.prisma.worker.upsert({ where: { id: data.id }, create: fields, update: fields });
    return toWorkerInfo(row, now);
  }

  /** Marks the worker alive (re-registering is the caller's job when it was removed meanwhile: false). */
  async heartbeat(id: string): Promise<boolean> {
    const { count } = await this.prisma.worker.updateMany({ where: { id }, data: { lastSeenAt: this.now(), stoppedAt: null } });
    return count > 0;
  }

  async markStopped(id: string): Promise<void> {
    const now = this.now();
    await this.prisma.worker.updateMany({ where: { id }, data: { stoppedAt: now, lastSeenAt: now } });
  }

  /** Workers seen since `since` (alive ones first, then by id). */
  async listSeenSince(since: Date): Promise<WorkerInfo[]> {
    const now = this.now();
    const rows = await this.prisma.worker.findMany({ where: { lastSeenAt: { gte: since } }, orderBy: { id: 'asc' } });
    const rank = { ALIVE: 0, SILENT: 1, STOPPED: 2 } as const;
    return rows.map((row) => toWorkerInfo(row, now)).sort((a, b) => rank[a.state] - rank[b.state]);
  }

  /** Forgets workers not seen since `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    const { count } = await this.prisma.worker.deleteMany({ where: { lastSeenAt: { lt: before } } });
    return count;
  }
}
