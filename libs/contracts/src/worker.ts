import { z } from 'zod';

export const WORKER_DEVICES = ['GPU', 'CPU'] as const;
export type WorkerDevice = (typeof WORKER_DEVICES)[number];

/** ALIVE: heartbeating; SILENT: no heartbeat for WORKER_SILENT_AFTER_MS (dead or frozen); STOPPED: stopped cleanly. */
export const WORKER_STATES = ['ALIVE', 'SILENT', 'STOPPED'] as const;
export type WorkerState = (typeof WORKER_STATES)[number];

/** How often a worker reports itself alive. */
export const WORKER_HEARTBEAT_MS = 10_000;
/** Three missed heartbeats: the worker is taken for gone. */
export const WORKER_SILENT_AFTER_MS = 3 * WORKER_HEARTBEAT_MS;

export const workerRegistrationSchema = z.object({
  id: z.string().min(1).max(200),
  hostname: z.string().max(255),
  pid: z.number().int().min(0),
  backend: z.string().min(1),
  device: z.enum(WORKER_DEVICES),
  detail: z.string(),
});
export type WorkerRegistration = z.infer<typeof workerRegistrationSchema>;

export interface WorkerInfo extends WorkerRegistration {
  readonly startedAt: Date;
  readonly lastSeenAt: Date;
  readonly stoppedAt: Date | null;
  readonly state: WorkerState;
}

export function workerStateAt(worker: { readonly lastSeenAt: Date; readonly stoppedAt: Date | null }, now: Date): WorkerState {
  if (worker.stoppedAt) return 'STOPPED';
  return now.getTime() - worker.lastSeenAt.getTime() > WORKER_SILENT_AFTER_MS ? 'SILENT' : 'ALIVE';
}

/** tensorflow-gpu trains on a GPU; every other backend on the CPU. */
export const deviceOfBackend = (backend: string): WorkerDevice => (backend === 'tensorflow-gpu' ? 'GPU' : 'CPU');
