import type { ModelDescription, ModelRef, ModelSource, ResolvedModel } from '@hsic/serving';

interface CachedResolution {
  resolved: ResolvedModel;
  freshUntil: number;
  /** The one background re-resolution under way, if any. */
  refreshing: Promise<void> | null;
}

const refKey = (ref: ModelRef) => `${ref.name}\u0000${ref.version ?? ''}\u0000${ref.alias ?? ''}`;

/**
 * Keeps the prediction routes off the database: a ref that resolved is answered from memory, and once its
 * answer is older than `ttlMs` one background re-resolution replaces it (stale-while-revalidate), so no
 * request waits for the database after the first. Alias moves made through this process invalidate at
 * once (invalidate(name)); moves made elsewhere (another replica, a schedule on a worker) show within about
 * ttlMs. Misses are not cached: a model registered a moment ago is found on the next request.
 */
export class CachingModelSource implements ModelSource {
  private readonly resolutions = new Map<string, CachedResolution>();

  constructor(
    private readonly source: ModelSource,
    private readonly ttlMs: number,
    private readonly onRefreshError: (error: unknown) => void = () => undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async resolve(ref: ModelRef): Promise<ResolvedModel | null> {
    const key = refKey(ref);
    const cached = this.resolutions.get(key);
    if (!cached) return this.resolveNow(key, ref);
    if (cached.freshUntil <= this.now() && !cached.refreshing) {
      cached.refreshing = this.resolveNow(key, ref).then(
        () => undefined,
        (error: unknown) => {
          cached.refreshing = null; // keep serving what we have; try again on a later request
          this.onRefreshError(error);
        },
      );
    }
    return cached.resolved;
  }

  describe(name: string): Promise<ModelDescription | null> {
    return this.source.describe(name);
  }

  /** Forget every resolution of the model (after promoting or rolling back through this process). */
  invalidate(name: string): void {
    for (const key of this.resolutions.keys()) if (key.startsWith(`${name}\u0000`)) this.resolutions.delete(key);
  }

  private async resolveNow(key: string, ref: ModelRef): Promise<ResolvedModel | null> {
    const resolved = await this.source.resolve(ref);
    if (resolved) this.resolutions.set(key, { resolved, freshUntil: this.now() + this.ttlMs, refreshing: null });
    else this.resolutions.delete(key);
    return resolved;
  }
}
