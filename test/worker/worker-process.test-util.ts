// A real worker process (apps/worker/dist/main.js) for end-to-end tests: its output lines, its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const WORKER_ENTRY = resolve('apps/worker/dist/main.js');

export interface WorkerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class WorkerProcess {
  /** stdout and stderr, line by line, as they come. */
  readonly lines: string[] = [];
  readonly exited: Promise<WorkerExit>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    const inherited = { ...process.env };
    delete inherited.DATABASE_URL;
    delete inherited.HSIC_WORKER_ID;
    this.child = spawn(process.execPath, [WORKER_ENTRY], { env: { ...inherited, HSIC_BACKEND: 'wasm', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.lines.push(line));
    }
    // 'close', not 'exit': by then every output line has been read.
    this.exited = new Promise((done) => this.child.once('close', (code, signal) => done({ code, signal })));
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Whether the process still runs (for clean-up). */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.lines.join('\n');
  }
}
