// A Node process of the project (an app's dist/main.js) for end-to-end tests: its output lines, its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class NodeProcess {
  /** stdout and stderr, line by line, as they come. */
  readonly lines: string[] = [];
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;

  /** `env` is added to this process's environment, without its DATABASE_URL and HSIC_WORKER_ID. */
  constructor(entry: string, env: Record<string, string>) {
    const inherited = { ...process.env };
    delete inherited.DATABASE_URL;
    delete inherited.HSIC_WORKER_ID;
    this.child = spawn(process.execPath, [entry], { env: { ...inherited, HSIC_BACKEND: 'wasm', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
