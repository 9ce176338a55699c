import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import type { ApiLogger } from '../observability/api-logger.js';

export interface ChildSupervisorOptions {
  /** Prefixes its output lines and names it in the log: 'worker', 'dashboard'. */
  readonly name: string;
  /** The script node runs (this program as HSIC_ROLE=worker, Next's CLI) and its arguments. */
  readonly entry: string;
  readonly args?: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly log: ApiLogger;
  /** CPU niceness of the child (0: the same as this process); a higher value yields the CPU to this one. */
  readonly niceness?: number;
  /** How long a stopping child may take (a worker checkpoints and releases its job) before it is killed. */
  readonly stopTimeoutMs?: number;
}

export interface ChildSupervisor {
  /** SIGTERM, wait for the child to exit (SIGKILL after the timeout); no restart afterwards. */
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;
/** A child that stayed up this long counts as healthy again: the next crash restarts it at once. */
const STABLE_MS = 60_000;

/** Runs one child process (HSIC_ROLE=all: the worker, the dashboard), forwards its output line by line with a prefix, and restarts it when it dies. */
export function superviseChild(options: ChildSupervisorOptions): ChildSupervisor {
  let child: ChildProcess | null = null;
  let stopping = false;
  let backoffMs = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  let exited: Promise<void> = Promise.resolve();

  const forward = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
    if (stream) createInterface({ input: stream }).on('line', (line) => out.write(`[${options.name}] ${line}\n`));
  };

  const start = () => {
    const startedAt = Date.now();
    // Its own process group: a Ctrl-C in the terminal reaches only this process, which then asks the child
    // to stop once (a second signal would make the worker abandon its epoch instead of checkpointing it).
    const proc = spawn(process.execPath, [options.entry, ...(options.args ?? [])], {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child = proc;
    if (options.niceness && proc.pid !== undefined) {
      try {
        os.setPriority(proc.pid, Math.min(19, os.getPriority() + options.niceness));
      } catch (error) {
        options.log.error(`could not lower the ${options.name}'s CPU priority`, error);
      }
    }
    forward(proc.stdout, process.stdout);
    forward(proc.stderr, process.stderr);
    exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        child = null;
        resolve();
        if (stopping) return;
        backoffMs = Date.now() - startedAt > STABLE_MS ? 0 : Math.min(Math.max(backoffMs * 2, 1000), MAX_BACKOFF_MS);
        options.log.error(`${options.name} exited (${signal ?? `code ${code}`}); restarting in ${backoffMs} ms`);
        restartTimer = setTimeout(start, backoffMs);
      });
    });
    proc.once('error', (error) => options.log.error(`could not start the ${options.name}`, error));
  };

  // Never leave the child behind: if this process exits without stop() (a second Ctrl-C, a crash), kill it.
  process.once('exit', () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  start();
  return {
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const running = child;
      if (!running) return;
      running.kill('SIGTERM');
      const timeout = setTimeout(() => running.kill('SIGKILL'), options.stopTimeoutMs ?? 15 * 60_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
