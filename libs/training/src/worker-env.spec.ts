import { loadWorkerEnv, WorkerConfigError } from './worker-env.js';

describe('loadWorkerEnv', () => {
  const host = () => 'gpu-node-7';

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
    expect(loadWorkerEnv({ DATABASE_URL: url, HSIC_WORKER_ID: ' worker-3 ' }, host)).toEqual({ databaseUrl: url, workerId: 'worker-3' });
    expect(loadWorkerEnv({ DATABASE_URL: url, HSIC_WORKER_ID: '' }, host)).toEqual({ databaseUrl: url, workerId: `gpu-node-7:${process.pid}` });
  });

  it('reads HSIC_METRIC_FLUSH_MS as whole milliseconds and names what is wrong with a bad one', () => {
    const url = 'postgresql://hsic:pw@db:5432/hsic';
    expect(loadWorkerEnv({ DATABASE_URL: url, HSIC_WORKER_ID: 'w', HSIC_METRIC_FLUSH_MS: '0' }, host)).toEqual({ databaseUrl: url, workerId: 'w', metricFlushMs: 0 });
    expect(loadWorkerEnv({ DATABASE_URL: url, HSIC_WORKER_ID: 'w', HSIC_METRIC_FLUSH_MS: ' ' }, host)).toEqual({ databaseUrl: url, workerId: 'w' });
    for (const [value, reason] of [
      ['soon', 'must be a number of milliseconds'],
      ['2.5', 'must be a whole number of milliseconds'],
      ['-1', 'must be 0 or more'],
      ['60001', 'must be at most 60000'],
    ]) {
      expect(() => loadWorkerEnv({ DATABASE_URL: url, HSIC_METRIC_FLUSH_MS: value }, host)).toThrow(new WorkerConfigError(`the worker cannot start: HSIC_METRIC_FLUSH_MS ${reason}`));
    }
  });
});
