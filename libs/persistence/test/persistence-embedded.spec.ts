// Every repository against the embedded PGlite server on a fresh temp folder, plus what only the embedded
// database has: a second process reaching it through the URL, and the data-folder lock.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { threadScheduling } from '@hsic/testing';
import { EMBEDDED_THREAD_NICENESS, openDatabase, workspaceRoot } from '../src/index.js';
import { describeRepositoryContract } from './repository-contract.test-util.js';

const run = promisify(execFile);

describe('persistence on the embedded PGlite server', () => {
  const contract = describeRepositoryContract('embedded');

  describe('embedded server', () => {
    it('says it is embedded and serves a postgresql:// URL on 127.0.0.1', () => {
      expect(contract.context().db.embedded).toBe(true);
      expect(contract.context().db.url).toMatch(/^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/postgres/);
    });

    it('runs on a thread of its own at niceness 10 above the process, so request handling gets the CPU first', () => {
      const own = threadScheduling(process.pid).find((thread) => thread.tid === process.pid)!;
      const yielding = threadScheduling(process.pid).filter((thread) => thread.nice === Math.min(19, own.nice + EMBEDDED_THREAD_NICENESS));
      expect(yielding).toHaveLength(1);
    });

    it('is shared with a second process through its URL', async () => {
      const { name } = await contract.context().repos.models.createOrGet('shared-with-worker');
      const child = `
        import pg from 'pg';
        const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await client.connect();
        const { rows } = await client.query('SELECT "name" FROM "Model" WHERE "name" = $1', [process.argv[1]]);
        await client.query('INSERT INTO "Model" ("id", "name") VALUES (gen_random_uuid()::text, $1)', ['written-by-worker']);
        console.log(JSON.stringify(rows));
        await client.end();`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', child, name], {
        cwd: workspaceRoot(),
        env: { ...process.env, DATABASE_URL: contract.context().db.url },
      });
      expect(JSON.parse(stdout)).toEqual([{ name }]);
      expect(await contract.context().repos.models.get('written-by-worker')).not.toBeNull();
    });

    it('keeps each connection\'s parameterized queries whole while other connections run transactions', async () => {
      // All connections share one Postgres session; interleaved Parse/Bind messages used to bind another
      // connection's statement right after a transaction ("bind message supplies 3 parameters, but ...").
      const pool = new pg.Pool({ connectionString: contract.context().db.url, max: 12 });
      try {
        const sums = await Promise.all(
          Array.from({ length: 12 }, async (_, c) => {
            let total = 0;
            for (let i = 0; i < 30; i++) {
              if (c === 0 && i % 5 === 0) {
                const client = await pool.connect();
                await client.query('BEGIN');
                await client.query('SELECT $1::int', [i]);
                await client.query('COMMIT');
                client.release();
              }
              const params = Array.from({ length: (c % 4) + 1 }, (_, k) => k + c);
              const sql = `SELECT ${params.map((_, k) => `$${k + 1}::int`).join(' + ')} AS s`;
              total += (await pool.query<{ s: number }>(sql, params)).rows[0].s;
            }
            return total;
          }),
        );
        expect(sums).toEqual(Array.from({ length: 12 }, (_, c) => 30 * Array.from({ length: (c % 4) + 1 }, (_, k) => k + c).reduce((a, b) => a + b, 0)));
      } finally {
        await pool.end();
      }
    });

    it('refuses to open its data folder a second time while it is open', async () => {
      const dataDir = path.join(contract.testDb().dataDir as string, 'pglite');
      await expect(openDatabase({ dataDir })).rejects.toThrow(/is in use by process \d+/);
    });
  });
});
