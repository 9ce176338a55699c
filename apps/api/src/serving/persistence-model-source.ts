import type { ModelVersion } from '@hsic/contracts';
import type { Repositories } from '@hsic/persistence';
import { isTransientError } from '@hsic/training';
import { ModelSourceUnavailableError, type ModelDescription, type ModelRef, type ModelSource, type ResolvedModel } from '@hsic/serving';

/** A registry that cannot be reached is a 503 worth retrying, not a 500: models in memory keep serving. */
async function unavailableWhenUnreachable<T>(name: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isTransientError(error)) throw error;
    throw new ModelSourceUnavailableError(`model "${name}" is not in memory and the model registry (database) cannot be reached; retry shortly`, 5, { cause: error });
  }
}

/**
 * Serving's view of the model registry: a ref resolves to a version and its checkpoint's recorded SHA-256
 * (metadata only); the bytes are read, and verified, only when the serving cache loads the version.
 */
export class PersistenceModelSource implements ModelSource {
  constructor(private readonly repos: Pick<Repositories, 'models' | 'checkpoints'>) {}

  resolve(ref: ModelRef): Promise<ResolvedModel | null> {
    return unavailableWhenUnreachable(ref.name, () => this.resolveNow(ref));
  }

  describe(name: string): Promise<ModelDescription | null> {
    return unavailableWhenUnreachable(name, () => this.describeNow(name));
  }

  private async resolveNow(ref: ModelRef): Promise<ResolvedModel | null> {
    const version = await this.findVersion(ref);
    if (!version) return null;
    const meta = await this.repos.checkpoints.getMeta(version.checkpointId);
    if (!meta) return null;
    return {
      name: ref.name,
      version: version.version,
      checkpointSha256: meta.sha256,
      load: () => unavailableWhenUnreachable(ref.name, async () => (await this.repos.checkpoints.read(version.checkpointId)).bytes),
    };
  }

  private async describeNow(name: string): Promise<ModelDescription | null> {
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
