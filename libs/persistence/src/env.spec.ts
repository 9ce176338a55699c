import { PersistenceConfigError } from './errors.js';
import { loadPersistenceEnv } from './env.js';

describe('loadPersistenceEnv', () => {
  it('reads the variables it knows and treats empty ones as unset', () => {
    expect(
      loadPersistenceEnv({
        DATABASE_URL: 'postgresql://user:secret@db:5432/hsic',
        HSIC_DATA_HOME: '',
        HSIC_EMBEDDED_DB_PORT: '54329',
        HSIC_DB_POOL_MAX: '20',
      }),
    ).toEqual({ DATABASE_URL: 'postgresql://user:secret@db:5432/hsic', HSIC_EMBEDDED_DB_PORT: 54329, HSIC_DB_POOL_MAX: 20 });
    expect(loadPersistenceEnv({})).toEqual({});
  });

  it('names the variable and the reason, without echoing the value', () => {
    const load = () => loadPersistenceEnv({ DATABASE_URL: 'mysql://root:hunter2@db/hsic' });
    expect(load).toThrow(PersistenceConfigError);
    expect(load).toThrow(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(load).not.toThrow(/hunter2/);
    expect(() => loadPersistenceEnv({ HSIC_EMBEDDED_DB_PORT: 'seventy' })).toThrow(/HSIC_EMBEDDED_DB_PORT/);
    expect(() => loadPersistenceEnv({ HSIC_DB_POOL_MAX: '0' })).toThrow(/HSIC_DB_POOL_MAX/);
  });
});
