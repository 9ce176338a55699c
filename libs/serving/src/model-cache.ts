import { deserializeClassifier, sha256Hex } from '@hsic/engine';
import { ModelLoadError, ModelNotFoundError, ModelNotServableError, ServingError } from './errors.js';
import { NO_METRICS, type ServingMetrics } from './metrics.js';
import { describeRef, type ModelRef, type ModelSource, type ResolvedModel } from './model-source.js';
import { modelTitle, type ServableModel } from './servable-model.js';

export interface ModelCacheOptions {
  /** Loaded versions kept in memory; the least recently used beyond this is disposed. Default 4. */
  readonly maxModels?: number;
  readonly metrics?: ServingMetrics;
}

interface CacheEntry {
  readonly key: string;
  readonly model: ServableModel;
  /** Requests using the model right now; an evicted entry is disposed when this drops to 0. */
  leases: number;
  evicted: boolean;
  disposed: boolean;
}

interface PendingLoad {
  readonly promise: Promise<CacheEntry>;
  /** Callers waiting for this load; each is handed a lease when it completes. */
  waiters: number;
}

export const DEFAULT_MAX_MODELS = 4;

/**
 * Deserialized models by (name, version, checksum), in a bounded LRU. Every request resolves its
 * ref through the source again, so moving an alias takes effect on the next request; versions are
 * immutable, so a loaded version is reused as long as it stays cached. Concurrent requests for a
 * version not yet loaded share one load. A model evicted while requests still use it is disposed
 * when the last of them finishes.
 */
export class ModelCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly loading = new Map<string, PendingLoad>();
  private readonly maxModels: number;
  private readonly metrics: ServingMetrics;

  constructor(
    private readonly source: ModelSource,
    options: ModelCacheOptions = {},
  ) {
    this.maxModels = options.maxModels ?? DEFAULT_MAX_MODELS;
    if (!Number.isInteger(this.maxModels) || this.maxModels < 1) throw new Error(`maxModels must be a positive integer, got ${this.maxModels}`);
    this.metrics = options.metrics ?? NO_METRICS;
  }

  /** Resolves the ref now, loads the version if needed, and runs fn while holding it. */
  async use<T>(ref: ModelRef, fn: (model: ServableModel) => T | Promise<T>): Promise<T> {
    const resolved = await this.resolve(ref);
    const entry = await this.acquire(resolved);
    try {
      return await fn(entry.model);
    } finally {
      entry.leases--;
      if (entry.evicted && entry.leases === 0) this.disposeEntry(entry);
    }
  }

  /** The source's current answer for ref, or a 404 that says what does exist. */
  async resolve(ref: ModelRef): Promise<ResolvedModel> {
    const resolved = await this.source.resolve(ref);
    if (resolved) return resolved;
    throw await notFound(this.source, ref);
  }

  /** Versions of `name` currently in memory. */
  loadedVersions(name: string): number[] {
    return [...new Set([...this.entries.values()].filter((e) => e.model.name === name).map((e) => e.model.version))].sort((a, b) => a - b);
  }

  /** Every version in memory, by name then version. */
  loaded(): { readonly name: string; readonly version: number }[] {
    return [...this.entries.values()]
      .map((e) => ({ name: e.model.name, version: e.model.version }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops every cached model: idle ones are disposed now, ones in use when their requests end. */
  clear(): void {
    for (const entry of [...this.entries.values()]) this.evict(entry, false);
  }

  private acquire(resolved: ResolvedModel): CacheEntry | Promise<CacheEntry> {
    const key = `${resolved.name}@${resolved.version}#${resolved.checkpointSha256}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      cached.leases++;
      return cached;
    }
    let pending = this.loading.get(key);
    if (!pending) {
      const record: PendingLoad = {
        waiters: 0,
        // Insertion and lease hand-out happen in one synchronous step with removal from `loading`,
        // so no caller can see the entry between "loaded" and "leased" and find it evicted.
        promise: this.load(key, resolved).then(
          (entry) => {
            this.loading.delete(key);
            entry.leases = record.waiters;
            this.insert(entry);
            return entry;
          },
          (error: unknown) => {
            this.loading.delete(key);
            throw error;
          },
        ),
      };
      pending = record;
      this.loading.set(key, pending);
    }
    pending.waiters++;
    return pending.promise;
  }

  private async load(key: string, resolved: ResolvedModel): Promise<CacheEntry> {
    const title = modelTitle(resolved);
    const started = performance.now();
    const finish = (ok: boolean) => this.metrics.modelLoaded({ model: resolved.name, version: resolved.version, seconds: (performance.now() - started) / 1000, ok });
    try {
      const model = await loadServable(resolved, title);
      finish(true);
      return { key, model, leases: 0, evicted: false, disposed: false };
    } catch (error) {
      finish(false);
      throw error;
    }
  }

  private insert(entry: CacheEntry): void {
    this.entries.set(entry.key, entry);
    while (this.entries.size > this.maxModels) {
      const oldest = this.entries.values().next().value as CacheEntry;
      this.evict(oldest, true);
    }
  }

  private evict(entry: CacheEntry, count: boolean): void {
    this.entries.delete(entry.key);
    entry.evicted = true;
    if (count) this.metrics.modelEvicted({ model: entry.model.name, version: entry.model.version });
    if (entry.leases === 0) this.disposeEntry(entry);
  }

  private disposeEntry(entry: CacheEntry): void {
    if (entry.disposed) return;
    entry.disposed = true;
    entry.model.classifier.dispose();
  }
}

async function loadServable(resolved: ResolvedModel, title: string): Promise<ServableModel> {
  let bytes: Uint8Array;
  try {
    bytes = await resolved.load();
  } catch (error) {
    throw new ModelLoadError(`${title} could not be loaded: ${(error as Error).message}`, error);
  }
  const sha256 = sha256Hex(bytes);
  if (sha256 !== resolved.checkpointSha256) {
    throw new ModelLoadError(`${title} could not be loaded: its checkpoint's SHA-256 is ${sha256}, the store records ${resolved.checkpointSha256}`);
  }
  let loaded: ReturnType<typeof deserializeClassifier>;
  try {
    loaded = deserializeClassifier(bytes);
  } catch (error) {
    throw new ModelLoadError(`${title} could not be loaded: ${(error as Error).message}`, error);
  }
  const { model: classifier, header } = loaded;
  if (header.kind === 'hsic') {
    classifier.dispose();
    throw new ModelNotServableError(`${title} holds HSIC-trained nets without a readout, so it cannot classify yet; format-train it first`);
  }
  const [height, width, channels] = header.architecture.inputShape;
  return {
    name: resolved.name,
    version: resolved.version,
    checkpointSha256: resolved.checkpointSha256,
    classifier,
    header,
    inputShape: [height, width, channels],
    inputSize: height * width * channels,
    classNames: classifier.classNames,
  };
}

/** A 404 naming what was asked and listing what the model does have. */
export async function notFound(source: ModelSource, ref: ModelRef): Promise<ServingError> {
  const description = await source.describe(ref.name);
  if (!description) return new ModelNotFoundError(`no model named "${ref.name}"`, ref.name);
  const versions = description.versions.map((v) => v.version).join(', ') || 'none';
  const labels = Object.entries(description.aliases).map(([alias, v]) => `${alias}→v${v}`).join(', ') || 'none';
  if (ref.version !== undefined) return new ModelNotFoundError(`${describeRef(ref)} does not exist (versions: ${versions})`, ref.name);
  if (ref.alias !== undefined) return new ModelNotFoundError(`${describeRef(ref)} does not exist (labels: ${labels})`, ref.name);
  return new ModelNotFoundError(`${describeRef(ref)} has no servable version (versions: ${versions})`, ref.name);
}
