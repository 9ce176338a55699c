import { sha256Hex } from '@hsic/engine';
import type { ModelDescription, ModelRef, ModelSource, ResolvedModel } from './model-source.js';

interface StoredModel {
  readonly versions: Map<number, { bytes: Uint8Array; sha256: string }>;
  readonly aliases: Map<string, number>;
}

/**
 * A ModelSource held in memory, for tests and demos. Versions are immutable once added;
 * aliases move with setAlias. `loads` counts checkpoint reads (to observe the cache).
 */
export class InMemoryModelSource implements ModelSource {
  private readonly models = new Map<string, StoredModel>();
  loads = 0;

  addVersion(name: string, version: number, checkpoint: Uint8Array): this {
    const model = this.models.get(name) ?? { versions: new Map(), aliases: new Map() };
    if (model.versions.has(version)) throw new Error(`model "${name}" already has version ${version}; versions are immutable`);
    model.versions.set(version, { bytes: checkpoint, sha256: sha256Hex(checkpoint) });
    this.models.set(name, model);
    return this;
  }

  setAlias(name: string, alias: string, version: number): this {
    const model = this.models.get(name);
    if (!model?.versions.has(version)) throw new Error(`model "${name}" has no version ${version} to label "${alias}"`);
    model.aliases.set(alias, version);
    return this;
  }

  removeAlias(name: string, alias: string): this {
    this.models.get(name)?.aliases.delete(alias);
    return this;
  }

  async resolve(ref: ModelRef): Promise<ResolvedModel | null> {
    const model = this.models.get(ref.name);
    if (!model) return null;
    const version = ref.version ?? (ref.alias !== undefined ? model.aliases.get(ref.alias) : Math.max(...model.versions.keys()));
    const stored = version === undefined ? undefined : model.versions.get(version);
    if (version === undefined || !stored) return null;
    return {
      name: ref.name,
      version,
      checkpointSha256: stored.sha256,
      load: async () => {
        this.loads++;
        return stored.bytes;
      },
    };
  }

  async describe(name: string): Promise<ModelDescription | null> {
    const model = this.models.get(name);
    if (!model) return null;
    return {
      name,
      versions: [...model.versions.entries()].sort(([a], [b]) => a - b).map(([version, { sha256 }]) => ({ version, checkpointSha256: sha256 })),
      aliases: Object.fromEntries(model.aliases),
    };
  }
}
