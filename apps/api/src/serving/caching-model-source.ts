import type { ModelDescription, ModelRef, ModelSource, ResolvedModel } from '@hsic/serving';

interface CachedResolution {
  readonly resolved: ResolvedModel;
  readonly expiresAt: number;
}

const refKey = (ref: ModelRef) => `${ref.name}\u0000${ref.version ?? ''}\u0000${ref.alias ?? ''}`;

/**
 * Remembers successful resolutions for `ttlMs`, so a busy prediction route does not ask the database which
 * version an alias means on every request. Alias moves made through this process invalidate at once
 * (invalidate(name)); moves made elsewhere (another replica, a schedule on a worker) show within ttlMs.
 * Misses are not cached: a model registered a moment ago is found on the next request.
 */
export class CachingModelSource implements ModelSource {
  private readonly resolutions = new Map<string, CachedResolution>();

  constructor(
    private readonly source: ModelSource,
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async resolve(ref: ModelRef): Promise<ResolvedModel | null> {
    const key = refKey(ref);
    const cached = this.resolutions.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.resolved;
    const resolved = await this.source.resolve(ref);
    if (resolved) this.resolutions.set(key, { resolved, expiresAt: this.now() + this.ttlMs });
    else this.resolutions.delete(key);
    return resolved;
  }

  describe(name: string): Promise<ModelDescription | null> {
    return this.source.describe(name);
  }

  /** Forget every resolution of the model (after promoting, rolling back or registering a version here). */
  invalidate(name: string): void {
    for (const key of this.resolutions.keys()) if (key.startsWith(`${name}\u0000`)) this.resolutions.delete(key);
  }
}
