import type { ApiKeyInfo } from '@hsic/contracts';
import { ForbiddenError, UnauthenticatedError } from './access-errors.js';
import { bearerSecret, hashApiKeySecret, isWellFormedSecret, newApiKeySecret, secretPrefix } from './api-key-secret.js';
import { Authenticator } from './authenticator.js';
import { ANONYMOUS, actorName, requireRole, type Principal } from './principal.js';

const aKey = (overrides: Partial<ApiKeyInfo> = {}): ApiKeyInfo => ({
  id: 'k1',
  name: 'ci',
  role: 'TRAIN',
  prefix: 'hsic_abcdefg',
  createdBy: 'cli',
  createdAt: new Date(0),
  lastUsedAt: null,
  revokedAt: null,
  ...overrides,
});

describe('API key secrets', () => {
  it('are random, recognisable, and stored only as their SHA-256', () => {
    const a = newApiKeySecret();
    const b = newApiKeySecret();
    expect(a).toMatch(/^hsic_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(isWellFormedSecret(a)).toBe(true);
    expect(hashApiKeySecret(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKeySecret(a)).toBe(hashApiKeySecret(a));
    expect(secretPrefix(a)).toBe(a.slice(0, 12));
    expect(isWellFormedSecret('hsic_short')).toBe(false);
    expect(isWellFormedSecret('ghp_0123456789012345678901234')).toBe(false);
  });

  it('are read from "Authorization: Bearer", any case; anything else there is malformed', () => {
    expect(bearerSecret(undefined)).toEqual({ secret: null, malformed: false });
    expect(bearerSecret('  ')).toEqual({ secret: null, malformed: false });
    expect(bearerSecret('bearer hsic_x')).toEqual({ secret: 'hsic_x', malformed: false });
    expect(bearerSecret(['Bearer hsic_y'])).toEqual({ secret: 'hsic_y', malformed: false });
    expect(bearerSecret('Basic dXNlcjpwdw==')).toEqual({ secret: null, malformed: true });
    expect(bearerSecret('Bearer two words')).toEqual({ secret: null, malformed: true });
  });
});

describe('requireRole', () => {
  const key = (role: ApiKeyInfo['role']): Principal => ({ kind: 'key', id: 'k', name: 'k', role });
  const open = { isRead: true, requireKeyForReads: false };
  const closed = { isRead: true, requireKeyForReads: true };
  const write = { isRead: false, requireKeyForReads: false };

  it('lets anyone read unless keys are required for reads', () => {
    expect(() => requireRole(ANONYMOUS, 'READ', open)).not.toThrow();
    expect(() => requireRole(ANONYMOUS, 'READ', closed)).toThrow(UnauthenticatedError);
    expect(() => requireRole(key('READ'), 'READ', closed)).not.toThrow();
  });

  it('always needs a key of the role for changes: READ < TRAIN < ADMIN', () => {
    expect(() => requireRole(ANONYMOUS, 'TRAIN', write)).toThrow('this operation needs a TRAIN key');
    expect(() => requireRole(key('READ'), 'TRAIN', write)).toThrow(ForbiddenError);
    expect(() => requireRole(key('TRAIN'), 'TRAIN', write)).not.toThrow();
    expect(() => requireRole(key('TRAIN'), 'ADMIN', write)).toThrow("key 'k' has role TRAIN; this operation needs ADMIN");
    expect(() => requireRole(key('ADMIN'), 'TRAIN', write)).not.toThrow();
    expect(actorName(key('ADMIN'))).toBe('k');
    expect(actorName(ANONYMOUS)).toBe('anonymous');
  });
});

describe('Authenticator', () => {
  const secret = newApiKeySecret();
  const setup = (key: ApiKeyInfo | null = aKey()) => {
    let now = 1_000_000;
    const lookups: string[] = [];
    const touches: string[] = [];
    let stored = key;
    const auth = new Authenticator({
      findActiveKey: async (hash) => {
        lookups.push(hash);
        return hash === hashApiKeySecret(secret) ? stored : null;
      },
      touch: async (id) => void touches.push(id),
      cacheMs: 5_000,
      touchEveryMs: 60_000,
      now: () => now,
    });
    return { auth, lookups, touches, advance: (ms: number) => (now += ms), revoke: () => (stored = null) };
  };

  it('answers anonymous without a header, and the key with its role and name', async () => {
    const { auth } = setup();
    expect(await auth.authenticate(undefined)).toEqual(ANONYMOUS);
    expect(await auth.authenticate(`Bearer ${secret}`)).toEqual({ kind: 'key', id: 'k1', name: 'ci', role: 'TRAIN' });
  });

  it('refuses malformed headers, foreign tokens and unknown keys', async () => {
    const { auth } = setup();
    await expect(auth.authenticate('Token abc')).rejects.toThrow('Authorization must be "Bearer <key>"');
    await expect(auth.authenticate('Bearer ghp_123')).rejects.toThrow('not an HSIC Studio API key');
    await expect(auth.authenticate(`Bearer ${newApiKeySecret()}`)).rejects.toThrow('unknown or revoked API key');
  });

  it('asks the database once per key per cache period, records use at most once a minute, and sees a revoke after the period', async () => {
    const { auth, lookups, touches, advance, revoke } = setup();
    for (let i = 0; i < 100; i++) await auth.authenticate(`Bearer ${secret}`);
    expect(lookups).toHaveLength(1);
    expect(touches).toEqual(['k1']);
    revoke();
    advance(4_000);
    await expect(auth.authenticate(`Bearer ${secret}`)).resolves.toMatchObject({ name: 'ci' }); // still cached
    advance(1_001);
    await expect(auth.authenticate(`Bearer ${secret}`)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(lookups).toHaveLength(2);
  });

  it('forgets cached answers on demand (a revoke in this process takes effect at once)', async () => {
    const { auth, revoke } = setup();
    await auth.authenticate(`Bearer ${secret}`);
    revoke();
    auth.forgetAll();
    await expect(auth.authenticate(`Bearer ${secret}`)).rejects.toThrow('unknown or revoked');
  });

  it('caches misses too: a flood of one bad key asks the database once', async () => {
    const { auth, lookups } = setup();
    const bad = `Bearer ${newApiKeySecret()}`;
    for (let i = 0; i < 50; i++) await expect(auth.authenticate(bad)).rejects.toThrow();
    expect(lookups).toHaveLength(1);
  });
});
