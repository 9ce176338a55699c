// `hsic keys` against a real database: a scratch PostgreSQL database (created here, dropped after), as an
// operator points DATABASE_URL at the production one.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { hashApiKeySecret } from '@hsic/access';
import { createRepositories, openDatabase } from '@hsic/persistence';
import { createScratchPostgres } from '@hsic/testing';

const run = promisify(execFile);
const CLI = resolve('apps/cli/dist/main.js');

describe('hsic keys', () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  const hsic = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, 'keys', ...args], { env: { ...process.env, DATABASE_URL: scratch.url } });
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const e = error as { stdout: string; stderr: string; code: number };
      return { stdout: e.stdout, stderr: e.stderr, code: e.code };
    }
  };

  beforeAll(async () => {
    scratch = await createScratchPostgres('hsic_cli_keys');
  });
  afterAll(() => scratch?.drop());

  it('makes a key (its secret alone on stdout), lists it, and revokes it', async () => {
    const made = await hsic('create', '--name', 'ci pipeline', '--role', 'TRAIN');
    expect(made.code).toBe(0);
    const secret = made.stdout.trim();
    expect(secret).toMatch(/^hsic_[A-Za-z0-9_-]{43}$/);
    expect(made.stderr).toContain("made TRAIN key 'ci pipeline'");

    const db = await openDatabase({ databaseUrl: scratch.url, migrate: false });
    try {
      const { apiKeys } = createRepositories(db.prisma);
      expect(await apiKeys.findActiveByHash(hashApiKeySecret(secret))).toMatchObject({ name: 'ci pipeline', role: 'TRAIN', createdBy: 'cli' });

      const listed = await hsic('list');
      expect(listed.stdout).toContain(`${secret.slice(0, 12)}…  TRAIN  ci pipeline  (by cli, last used never)`);
      expect(listed.stdout).not.toContain(secret);

      expect((await hsic('revoke', 'ci pipeline')).stdout).toContain("revoked 'ci pipeline'");
      expect(await apiKeys.findActiveByHash(hashApiKeySecret(secret))).toBeNull();
    } finally {
      await db.close();
    }
  });

  it('says what it expected when the arguments are wrong (exit 2), and why a key cannot be made', async () => {
    expect(await hsic('create', '--name', 'x', '--role', 'ROOT')).toMatchObject({ code: 2, stderr: expect.stringContaining('--role must be READ, TRAIN or ADMIN, got "ROOT"') });
    expect(await hsic('create', '--role', 'READ')).toMatchObject({ code: 2, stderr: expect.stringContaining('keys create needs --name') });
    expect(await hsic('rotate')).toMatchObject({ code: 2 });
    await hsic('create', '--name', 'twice', '--role', 'READ');
    const again = await hsic('create', '--name', 'twice', '--role', 'READ');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('twice');
    expect(await hsic('revoke', 'nobody')).toMatchObject({ code: 1, stderr: expect.stringContaining('nobody') });
  });
});
