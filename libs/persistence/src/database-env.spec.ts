import { PersistenceConfigError } from './errors.js';
import { databaseOptionsFrom, loadDatabaseEnv } from './database-env.js';

describe('loadDatabaseEnv', () => {
  it('reads the variables it knows and treats empty ones as unset', () => {
    expect(
      loadDatabaseEnv({
        DATABASE_URL: 'postgresql://user:secret@db:5432/hsic',
        HSIC_DATA_HOME: '',
        HSIC_EMBEDDED_DB_PORT: '54329',
        HSIC_DB_POOL_MAX: '20',
      }),
    ).toEqual({ DATABASE_URL: 'postgresql://user:secret@db:5432/hsic', HSIC_EMBEDDED_DB_PORT: 54329, HSIC_DB_POOL_MAX: 20 });
    expect(loadDatabaseEnv({})).toEqual({});
  });

  it('names the variable and the reason, without echoing the value', () => {
    const load = () => loadDatabaseEnv({ DATABASE_URL: 'mysql://root:hunter2@db/hsic' });
    expect(load).toThrow(PersistenceConfigError);
    expect(load).toThrow(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(load).not.toThrow(/hunter2/);
    expect(() => loadDatabaseEnv({ HSIC_EMBEDDED_DB_PORT: 'seventy' })).toThrow(/HSIC_EMBEDDED_DB_PORT/);
    expect(() => loadDatabaseEnv({ HSIC_DB_POOL_MAX: '0' })).toThrow(/HSIC_DB_POOL_MAX/);
  });

  it('turns them into openDatabase options: the embedded folder under HSIC_DATA_HOME, the rest as given', () => {
    expect(databaseOptionsFrom({ HSIC_DATA_HOME: '/srv/hsic', HSIC_DB_POOL_MAX: 4, HSIC_DB_STATEMENT_TIMEOUT_MS: 0 })).toEqual({
      databaseUrl: undefined, dataDir: '/srv/hsic/pglite', port: undefined, poolMax: 4, statementTimeoutMs: 0,
    });
    expect(databaseOptionsFrom({}).dataDir).toMatch(/\.data\/pglite$/);
  });
});
