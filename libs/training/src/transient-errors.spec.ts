import { isTransientError } from './transient-errors.js';

describe('isTransientError', () => {
  it.each([
    ['Prisma cannot reach the server', Object.assign(new Error('x'), { code: 'P1001' })],
    ['a pool timeout', Object.assign(new Error('x'), { code: 'P2024' })],
    ['a driver adapter error in meta', Object.assign(new Error('x'), { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } } })],
    ['a PostgreSQL shutdown', Object.assign(new Error('x'), { cause: { originalCode: '57P01' } })],
    ['a serialization failure from pg', Object.assign(new Error('x'), { code: '40001' })],
    ['a reset socket, wrapped', new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }) })],
    ['a connection node-postgres lost (no code, only its message)', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['one of several errors', new AggregateError([new Error('a'), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })])],
  ])('retries %s', (_name, error) => {
    expect(isTransientError(error)).toBe(true);
  });

  it.each([
    ['a plain error', new Error('NaN in layer 2')],
    ['a unique violation', Object.assign(new Error('x'), { code: 'P2002' })],
    ['a constraint violation from pg', Object.assign(new Error('x'), { code: '23505' })],
    ['a missing database', Object.assign(new Error('x'), { code: 'P1003', meta: { driverAdapterError: { cause: { kind: 'DatabaseDoesNotExist' } } } })],
    ['a string', 'ECONNRESET'],
    ['a message that only mentions a connection', new Error('the dataset connection terminated unexpectedly in row 3')],
    ['a cyclic cause chain', (() => { const e = new Error('loop') as Error & { cause?: unknown }; e.cause = e; return e; })()],
  ])('fails on %s', (_name, error) => {
    expect(isTransientError(error)).toBe(false);
  });
});
