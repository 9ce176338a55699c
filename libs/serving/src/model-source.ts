// Where served models come from. The API implements this over @hsic/persistence; tests use
// InMemoryModelSource. The serving core never caches a resolution: aliases can move at any time.

/**
 * Which model to serve. At most one of `version` and `alias`; with neither, the source picks the
 * model's default version (InMemoryModelSource: the highest version).
 */
export interface ModelRef {
  readonly name: string;
  readonly version?: number;
  readonly alias?: string;
}

/** One immutable stored version, found by name + version, name + alias, or name alone. */
export interface ResolvedModel {
  readonly name: string;
  readonly version: number;
  /** Hex SHA-256 of the checkpoint bytes; verified after load(). */
  readonly checkpointSha256: string;
  /** The checkpoint, in the engine's serializeClassifier format. */
  load(): Promise<Uint8Array>;
}

export interface ModelVersionInfo {
  readonly version: number;
  readonly checkpointSha256: string;
}

/** What exists of a model: for status answers and for 404 messages that list what does exist. */
export interface ModelDescription {
  readonly name: string;
  /** Ascending by version. */
  readonly versions: readonly ModelVersionInfo[];
  /** alias → version. */
  readonly aliases: Readonly<Record<string, number>>;
}

export interface ModelSource {
  /** null when the model, version or alias does not exist. */
  resolve(ref: ModelRef): Promise<ResolvedModel | null>;
  /** null when no model has this name. */
  describe(name: string): Promise<ModelDescription | null>;
}

/** `model "mnist"`, `model "mnist" version 3`, `model "mnist" label "production"`: for messages. */
export function describeRef(ref: ModelRef): string {
  if (ref.version !== undefined) return `model "${ref.name}" version ${ref.version}`;
  if (ref.alias !== undefined) return `model "${ref.name}" label "${ref.alias}"`;
  return `model "${ref.name}"`;
}
