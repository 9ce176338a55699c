// Threaded wasm is exercised in child processes: the point is what a real process does (start the
// pthread workers, compute, and exit by itself), which Jest's own process cannot show.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REGISTER_TYPESCRIPT } from '@hsic/testing';

const childScript = fileURLToPath(new URL('./threaded-exit.test-util.ts', import.meta.url));

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stdout: string;
  stderr: string;
}

/** Runs the child script; kills it after `limitMs` (then code is null and signal SIGKILL). */
function runChild(env: Record<string, string>, limitMs: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const child = spawn(process.execPath, ['--import', REGISTER_TYPESCRIPT, childScript], {
      env: { ...process.env, HSIC_BACKEND: '', HSIC_WASM_THREADS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ms: Date.now() - start, stdout, stderr });
    });
  });
}

function report(result: ChildResult) {
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as { info: { name: string; threads: number; simd: boolean }; maxAbsDiff: number; leftTensors: number };
  } catch {
    throw new Error(`child printed no report (code ${result.code}, signal ${result.signal}):\n${result.stderr}`);
  }
}

describe('threaded wasm (child processes)', () => {
  // Both children run at once to keep the suite short.
  let withShutdown: Promise<ChildResult>;
  let withoutShutdown: Promise<ChildResult>;
  beforeAll(() => {
    withShutdown = runChild({ HSIC_TEST_THREADS: '2' }, 20_000);
    withoutShutdown = runChild({ HSIC_TEST_THREADS: '2', HSIC_TEST_SKIP_SHUTDOWN: '1' }, 20_000);
  });

  it('initBackend({ prefer: wasm, threads: 2 }) runs 2 threads, equals cpu, and the process exits 0 after shutdownBackend()', async () => {
    const result = await withShutdown;
    const r = report(result);
    expect(r.info).toMatchObject({ name: 'wasm', threads: 2, simd: true });
    expect(r.maxAbsDiff).toBeLessThan(1e-4); // 192-term dot products of values in [-1, 1]
    expect(r.leftTensors).toBe(0);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    // Start-up (tfjs + SWC transform + 1 pthread worker) takes ~1.5 s; the limit leaves room for a busy CI.
    expect(result.ms).toBeLessThan(15_000);
  });

  it('exits by itself even without shutdownBackend() (the pool workers are unref()ed)', async () => {
    const result = await withoutShutdown;
    expect(report(result).info.threads).toBe(2);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
  });
});
