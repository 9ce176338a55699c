import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadWorkerEnv, WorkerConfigError } from './worker-env.js';

describe('loadWorkerEnv', () => {
  const host = () => 'gpu-node-7';
  /** The backend and data settings when none of their variables is set. */
  const unset = { backend: {}, dataRoot: join(homedir(), '.cache', 'hsic-studio'), cpuPriority: 'normal' };

  it('requires DATABASE_URL, saying what it must be', () => {
    for (const env of [{}, { DATABASE_URL: '' }, { DATABASE_URL: '  ' }]) {
      expect(() => loadWorkerEnv(env, host)).toThrow(
        new WorkerConfigError('the worker cannot start: DATABASE_URL is required: the PostgreSQL database the API uses (postgresql://USER:PASSWORD@HOST:5432/DB)'),
      );
    }
  });

  it('refuses a URL that is not PostgreSQL, without echoing it', () => {
    let message = '';
    try {
      loadWorkerEnv({ DATABASE_URL: 'mysql://root:s3cret@db/hsic' }, host);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('the worker cannot start: DATABASE_URL must be a postgres:// or postgresql:// URL');
  });

  it('takes the worker id from HSIC_WORKER_ID, else host name and pid', () => {
    const url = 'postgresql://hsic:pw@db:5432/hsic';
    expect(loadWorkerEnv({ DATABASE_URL: url, HSIC_WORKER_ID: ' worker-3 ' }, host)).toEqual({ databaseUrl: url, workerId: 'worker-3', ...unset });
    expect(loadWorkerEnv({ DATABASE_URL: url, HSIC_WORKER_ID: '' }, host)).toEqual({ databaseUrl: url, workerId: `gpu-node-7:${process.pid}`, ...unset });
  });

  it('reads HSIC_METRIC_FLUSH_MS as whole milliseconds and names what is wrong with a bad one', () => {
    const url = 'postgresql://hsic:pw@db:5432/hsic';
    expect(loadWorkerEnv({ DATABASE_URL: url, HSIC_WORKER_ID: 'w', HSIC_METRIC_FLUSH_MS: '0' }, host)).toEqual({ databaseUrl: url, workerId: 'w', metricFlushMs: 0, ...unset });
    expect(loadWorkerEnv({ DATABASE_URL: url, HSIC_WORKER_ID: 'w', HSIC_METRIC_FLUSH_MS: ' ' }, host)).toEqual({ databaseUrl: url, workerId: 'w', ...unset });
    for (const [value, reason] of [
      ['soon', 'must be a number of milliseconds'],
      ['2.5', 'must be a whole number of milliseconds'],
      ['-1', 'must be 0 or more'],
      ['60001', 'must be at most 60000'],
    ]) {
      expect(() => loadWorkerEnv({ DATABASE_URL: url, HSIC_METRIC_FLUSH_MS: value }, host)).toThrow(new WorkerConfigError(`the worker cannot start: HSIC_METRIC_FLUSH_MS ${reason}`));
    }
  });

  it('reads the backend and the data root at boot, refusing a bad backend before anything starts', () => {
    const url = 'postgresql://hsic:pw@db:5432/hsic';
    const env = loadWorkerEnv({ DATABASE_URL: url, HSIC_BACKEND: 'cpu', HSIC_WASM_THREADS: '2', HSIC_DATA_DIR: '/srv/data' }, host);
    expect(env).toMatchObject({ backend: { force: 'cpu', threads: 2 }, dataRoot: '/srv/data' });
    expect(loadWorkerEnv({ DATABASE_URL: url, XDG_CACHE_HOME: '/xdg' }, host).dataRoot).toBe('/xdg/hsic-studio');
    expect(() => loadWorkerEnv({ DATABASE_URL: url, HSIC_BACKEND: 'gpu', HSIC_WASM_THREADS: '9' }, host)).toThrow(
      new WorkerConfigError(
        "the worker cannot start: HSIC_BACKEND 'gpu' is not a backend; valid values: tensorflow-gpu, tensorflow, wasm, cpu; HSIC_WASM_THREADS '9' is not a thread count; use an integer from 1 to 8",
      ),
    );
  });

  it('trains at normal CPU priority unless HSIC_WORKER_CPU_PRIORITY=idle, and names a bad value', () => {
    const url = 'postgresql://hsic:pw@db:5432/hsic';
    expect(loadWorkerEnv({ DATABASE_URL: url, HSIC_WORKER_CPU_PRIORITY: 'idle' }, host).cpuPriority).toBe('idle');
    expect(loadWorkerEnv({ DATABASE_URL: url, HSIC_WORKER_CPU_PRIORITY: '' }, host).cpuPriority).toBe('normal');
    expect(() => loadWorkerEnv({ DATABASE_URL: url, HSIC_WORKER_CPU_PRIORITY: 'low' }, host)).toThrow(/^the worker cannot start: HSIC_WORKER_CPU_PRIORITY .*"normal"\|"idle"/);
  });
});
