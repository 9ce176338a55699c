import { ApiEnvError, loadApiEnv } from './api-env.js';

describe('loadApiEnv', () => {
  it('defaults to the whole stack on port 3000 with the dashboard on 3001', () => {
    expect(loadApiEnv({})).toMatchObject({ PORT: 3000, HSIC_ROLE: 'all', DASHBOARD_PORT: 3001, HSIC_NO_DASHBOARD: false, HSIC_PROGRESS_POLL_MS: 500 });
    expect(loadApiEnv({}).HSIC_CORS_ORIGINS).toBeUndefined();
  });

  it('gives its worker child the idle CPU class and niceness 10 unless told otherwise', () => {
    expect(loadApiEnv({})).toMatchObject({ HSIC_WORKER_CPU_PRIORITY: 'idle', HSIC_WORKER_NICENESS: 10 });
    expect(loadApiEnv({ HSIC_WORKER_CPU_PRIORITY: 'normal', HSIC_WORKER_NICENESS: '0' })).toMatchObject({ HSIC_WORKER_CPU_PRIORITY: 'normal', HSIC_WORKER_NICENESS: 0 });
  });

  it('reads the dashboard settings and the allowed browser origins', () => {
    const env = loadApiEnv({ DASHBOARD_PORT: '4001', HSIC_NO_DASHBOARD: 'true', HSIC_PROGRESS_POLL_MS: '100', HSIC_CORS_ORIGINS: 'https://dash.example.com, http://localhost:4001' });
    expect(env).toMatchObject({ DASHBOARD_PORT: 4001, HSIC_NO_DASHBOARD: true, HSIC_PROGRESS_POLL_MS: 100, HSIC_CORS_ORIGINS: ['https://dash.example.com', 'http://localhost:4001'] });
  });

  it('reads the backend and where datasets live, for this process and its worker child', () => {
    expect(loadApiEnv({ HSIC_BACKEND: 'wasm', HSIC_WASM_THREADS: '2', HSIC_DATA_DIR: '/srv/data' })).toMatchObject({ HSIC_BACKEND: 'wasm', HSIC_WASM_THREADS: 2, HSIC_DATA_DIR: '/srv/data' });
  });

  it.each([
    ['HSIC_CORS_ORIGINS', 'https://dash.example.com/path'],
    ['HSIC_CORS_ORIGINS', '*'],
    ['DASHBOARD_PORT', '70000'],
    ['HSIC_NO_DASHBOARD', 'yes'],
    ['HSIC_PROGRESS_POLL_MS', '5'],
    ['HSIC_BACKEND', 'gpu'],
    ['HSIC_WASM_THREADS', '16'],
    ['HSIC_WORKER_CPU_PRIORITY', 'low'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadApiEnv({ [name]: value })).toThrow(ApiEnvError);
    expect(() => loadApiEnv({ [name]: value })).toThrow(name);
  });
});
