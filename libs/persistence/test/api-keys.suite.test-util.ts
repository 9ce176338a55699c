import { createHash, randomUUID } from 'node:crypto';
import type { ApiRole } from '@hsic/contracts';
import { AlreadyExistsError, NotFoundError, type NewApiKey } from '../src/index.js';
import { uniqueName } from './builders.test-util.js';
import type { GetContext } from './suite-context.test-util.js';

const aKey = (role: ApiRole = 'TRAIN', overrides: Partial<NewApiKey> = {}): NewApiKey & { secret: string } => {
  const secret = `hsic_${randomUUID()}`;
  return { name: uniqueName('key'), role, secretHash: createHash('sha256').update(secret).digest('hex'), prefix: secret.slice(0, 12), createdBy: 'test', secret, ...overrides };
};

export function describeApiKeys(context: GetContext): void {
  describe('API keys repository', () => {
    it('stores a key by its secret hash and finds it while it is active', async () => {
      const { apiKeys } = context().repos;
      const { secret: _secret, ...input } = aKey('READ');
      const created = await apiKeys.create(input);
      expect(created).toMatchObject({ name: input.name, role: 'READ', prefix: input.prefix, createdBy: 'test', lastUsedAt: null, revokedAt: null });
      expect(JSON.stringify(created)).not.toContain(input.secretHash); // listings never carry the hash
      expect(await apiKeys.findActiveByHash(input.secretHash)).toEqual(created);
      expect(await apiKeys.findActiveByHash('0'.repeat(64))).toBeNull();
      expect((await apiKeys.list()).map((k) => k.name)).toContain(input.name);
    });

    it('refuses a second key with the same name, and names that are not names', async () => {
      const { apiKeys } = context().repos;
      const { secret: _s, ...first } = aKey();
      await apiKeys.create(first);
      const { secret: _t, ...second } = aKey('ADMIN', { name: first.name });
      await expect(apiKeys.create(second)).rejects.toBeInstanceOf(AlreadyExistsError);
      await expect(apiKeys.create({ ...aKey(), name: 'has/slash' })).rejects.toThrow();
    });

    it('revokes by name or id (once), after which the key is not found; records use without going back in time', async () => {
      const { apiKeys } = context().repos;
      const { secret: _s, ...input } = aKey('ADMIN');
      const key = await apiKeys.create(input);
      await apiKeys.touch(key.id, new Date('2026-12-06T10:00:00Z'));
      await apiKeys.touch(key.id, new Date('2026-12-06T09:00:00Z'));
      expect((await apiKeys.findActiveByHash(input.secretHash))?.lastUsedAt).toEqual(new Date('2026-12-06T10:00:00Z'));
      const revoked = await apiKeys.revoke(input.name);
      expect(revoked.revokedAt).toBeInstanceOf(Date);
      expect((await apiKeys.revoke(key.id)).revokedAt).toEqual(revoked.revokedAt);
      expect(await apiKeys.findActiveByHash(input.secretHash)).toBeNull();
      await expect(apiKeys.revoke(uniqueName('nobody'))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('keeps a named key in step with a secret given at start (and revives it)', async () => {
      const { apiKeys } = context().repos;
      const name = uniqueName('bootstrap');
      const { secret: _a, ...first } = aKey('ADMIN', { name });
      await apiKeys.ensure(first);
      await apiKeys.revoke(name);
      const { secret: _b, ...second } = aKey('ADMIN', { name });
      const kept = await apiKeys.ensure(second);
      expect(kept).toMatchObject({ name, role: 'ADMIN', revokedAt: null, prefix: second.prefix });
      expect(await apiKeys.findActiveByHash(first.secretHash)).toBeNull();
      expect(await apiKeys.findActiveByHash(second.secretHash)).toMatchObject({ name });
      expect(await apiKeys.countActive('ADMIN')).toBeGreaterThanOrEqual(1);
    });
  });
}
