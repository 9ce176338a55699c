import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** How a worker's threads compete for the CPU with other processes on its machine. */
export const WORKER_CPU_PRIORITIES = ['normal', 'idle'] as const;
export type WorkerCpuPriority = (typeof WORKER_CPU_PRIORITIES)[number];

export type IdlePriorityOutcome = { readonly applied: true } | { readonly applied: false; readonly reason: string };

const execFileAsync = promisify(execFile);

/**
 * Puts every thread of process `pid` in Linux's SCHED_IDLE class: it runs only when no other process wants the
 * CPU, and any of them that wakes up takes the core at once. Niceness alone is not enough next to a serving
 * process: a nice-10 trainer still keeps a core for a whole time slice, which showed as tens of milliseconds in
 * the tail of :predict (npm run bench:load). Node has no sched_setscheduler, hence util-linux's chrt, which
 * needs no privilege to lower a process into this class. Threads started later (wasm pthreads, libuv's pool)
 * inherit it, so call this before the backend starts.
 */
export async function runAtIdlePriority(pid: number, platform: NodeJS.Platform = process.platform): Promise<IdlePriorityOutcome> {
  if (platform !== 'linux') return { applied: false, reason: `the idle CPU class is Linux's (this is ${platform})` };
  try {
    await execFileAsync('chrt', ['--idle', '--all-tasks', '--pid', '0', String(pid)], { timeout: 10_000 });
    return { applied: true };
  } catch (error) {
    const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: string };
    const reason = code === 'ENOENT' ? 'chrt (util-linux) is not installed' : (stderr?.trim() || (error as Error).message);
    return { applied: false, reason };
  }
}
