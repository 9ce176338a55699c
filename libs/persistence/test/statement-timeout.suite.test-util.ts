import { createPrismaClient } from '../src/index.js';
import type { GetContext } from './suite-context.test-util.js';

export function describeStatementTimeout(context: GetContext): void {
  describe('statement timeout', () => {
    it('has PostgreSQL cancel an app statement that runs past HSIC_DB_STATEMENT_TIMEOUT_MS (default 30 s); the embedded server has none', async () => {
      const client = createPrismaClient(context().db.url, { poolMax: 1, statementTimeoutMs: 250 });
      const defaults = createPrismaClient(context().db.url, { poolMax: 1 });
      try {
        const setting = async (c: typeof client) => (await c.$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`)[0].statement_timeout;
        if (context().target === 'postgres') {
          expect([await setting(client), await setting(defaults)]).toEqual(['250ms', '30s']);
          await expect(client.$queryRaw`SELECT pg_sleep(2)`).rejects.toThrow(/statement timeout/);
        } else {
          // PGlite takes no startup parameters and has no timer interrupts: the option is harmless there.
          expect(await setting(client)).toBe('0');
          expect(await client.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
        }
      } finally {
        await client.$disconnect();
        await defaults.$disconnect();
      }
    });
  });
}
