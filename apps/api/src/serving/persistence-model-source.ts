import type { ModelVersion } from '@hsic/contracts';
import type { Repositories } from '@hsic/persistence';
import type { ModelDescription, ModelRef, ModelSource, ResolvedModel } from '@hsic/serving';

/**
 * Serving's view of the model registry: a ref resolves to a version and its checkpoint's recorded SHA-256
 * (metadata only); the bytes are read, and verified, only when the serving cache loads the version.
 */
export class PersistenceModelSource implements ModelSource {
  constructor(private readonly repos: Pick<Repositories, 'models' | 'checkpoints'>) {}

  async resolve(ref: ModelRef): Promise<ResolvedModel | null> {
    const version = await this.findVersion(ref);
    if (!version) return null;
    const meta = await this.repos.checkpoints.getMeta(version.checkpointId);
    if (!meta) return null;
    return {
      name: ref.name,
      version: version.version,
      checkpointSha256: meta.sha256,
      load: async () => (await this.repos.checkpoints.read(version.checkpointId)).bytes,
    };
  }

  async describe(name: string): Promise<ModelDescription | null> {
    const model = await this.repos.models.get(name);
    if (!model) return null;
    const versions = await this.repos.models.listVersions(name);
    const metas = await Promise.all(versions.map((v) => this.repos.checkpoints.getMeta(v.checkpointId)));
    return {
      name,
      versions: versions
        .map((v, i) => ({ version: v.version, checkpointSha256: metas[i]?.sha256 ?? '' }))
        .sort((a, b) => a.version - b.version),
      aliases: model.aliases,
    };
  }

  private async findVersion(ref: ModelRef): Promise<ModelVersion | null> {
    if (ref.version !== undefined) return this.repos.models.getVersion(ref.name, ref.version);
    if (ref.alias !== undefined) {
      const alias = await this.repos.models.getAlias(ref.name, ref.alias);
      return alias ? this.repos.models.getVersionById(alias.versionId) : null;
    }
    const model = await this.repos.models.get(ref.name);
    return model?.latestVersion ? this.repos.models.getVersion(ref.name, model.latestVersion) : null;
  }
}
