import type { ApiKeyInfo } from '@hsic/contracts';
import { UnauthenticatedError } from './access-errors.js';
import { bearerSecret, hashApiKeySecret, isWellFormedSecret } from './api-key-secret.js';
import { ANONYMOUS, type Principal } from './principal.js';

export interface AuthenticatorOptions {
  /** The active (not revoked) key with this secret hash, or null. */
  readonly findActiveKey: (secretHash: string) => Promise<ApiKeyInfo | null>;
  /** Records that the key was used (at most once per touchEveryMs per key). */
  readonly touch: (id: string, at: Date) => Promise<void>;
  /** How long an answer is reused: a revoked key stops working on other API processes within this (default 5 s). */
  readonly cacheMs?: number;
  readonly touchEveryMs?: number;
  readonly now?: () => number;
  readonly onTouchError?: (error: unknown) => void;
}

interface Cached {
  readonly key: ApiKeyInfo | null;
  readonly until: number;
}

const MAX_CACHED = 10_000;

/**
 * Turns an Authorization header into a Principal. Lookups are cached briefly (every serving request carries
 * the header; the database is not asked each time) and misses too (a flood of bad keys costs no queries).
 */
export class Authenticator {
  private readonly cache = new Map<string, Cached>();
  private readonly touched = new Map<string, number>();
  private readonly cacheMs: number;
  private readonly touchEveryMs: number;
  private readonly now: () => number;

  constructor(private readonly options: AuthenticatorOptions) {
    this.cacheMs = options.cacheMs ?? 5_000;
    this.touchEveryMs = options.touchEveryMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** No header: anonymous. A header that does not hold a valid, active key: UnauthenticatedError. */
  async authenticate(header: string | string[] | undefined | null): Promise<Principal> {
    const { secret, malformed } = bearerSecret(header);
    if (malformed) throw new UnauthenticatedError('Authorization must be "Bearer <key>"');
    if (secret === null) return ANONYMOUS;
    if (!isWellFormedSecret(secret)) throw new UnauthenticatedError('not an HSIC Studio API key (they start with hsic_)');
    const hash = hashApiKeySecret(secret);
    const key = await this.lookup(hash);
    if (!key) throw new UnauthenticatedError('unknown or revoked API key');
    this.maybeTouch(key.id);
    return { kind: 'key', id: key.id, name: key.name, role: key.role };
  }

  /** Drops cached answers (after a revoke in this process, so it takes effect at once here). */
  forgetAll(): void {
    this.cache.clear();
  }

  private async lookup(hash: string): Promise<ApiKeyInfo | null> {
    const now = this.now();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.key;
    const key = await this.options.findActiveKey(hash);
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(hash, { key, until: now + this.cacheMs });
    return key;
  }

  private maybeTouch(id: string): void {
    const now = this.now();
    if ((this.touched.get(id) ?? -Infinity) + this.touchEveryMs > now) return;
    this.touched.set(id, now);
    this.options.touch(id, new Date(now)).catch((error: unknown) => this.options.onTouchError?.(error));
  }
}
