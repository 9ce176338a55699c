import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf, type Variable } from '../tf.js';
import { architectureSchema, type Architecture } from '../model/architecture.js';
import { Classifier, type ReadoutKind } from '../model/classifier.js';
import { EnsembleFeatures } from '../model/ensemble.js';
import { HsicNetwork } from '../model/network.js';
import { Readout } from '../model/readout.js';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from './checkpoint-format.js';

/** What a checkpoint says about itself, besides its tensors. */
export interface CheckpointHeader {
  readonly kind: ReadoutKind;
  readonly architecture: Architecture;
  readonly classNames: readonly string[];
  readonly mapping: readonly number[] | null;
  readonly netCount: number;
  readonly createdAt: string;
  /** The training config, metrics summary, backend, progress: anything JSON the caller attaches. */
  readonly extra: Record<string, unknown>;
}

export const CHECKPOINT_FILE = 'model.hsic';
export const CHECKPOINT_SUMMARY_FILE = 'model.json';

export function serializeClassifier(model: Classifier, extra: Record<string, unknown> = {}): Uint8Array {
  const header: CheckpointHeader = {
    kind: model.kind,
    architecture: model.architecture,
    classNames: model.classNames,
    mapping: model.mapping,
    netCount: model.nets.length,
    createdAt: new Date().toISOString(),
    extra,
  };
  const tensors = model.namedVariables().map(([name, v]) => ({ name, shape: v.shape, values: v.dataSync() as Float32Array }));
  return encodeCheckpoint(header, tensors);
}

export interface LoadedClassifier {
  readonly model: Classifier;
  readonly header: CheckpointHeader;
}

export function deserializeClassifier(bytes: Uint8Array): LoadedClassifier {
  const { header, tensors } = decodeCheckpoint<CheckpointHeader>(bytes);
  const architecture = architectureSchema.safeParse(header.architecture);
  if (!architecture.success) throw new CheckpointError(`checkpoint has an invalid architecture: ${architecture.error.issues[0]?.message}`);
  const arch = architecture.data;
  const nets = Array.from({ length: header.netCount }, () => HsicNetwork.create(arch, 0));
  const readout = header.kind === 'unformatted' || header.kind === 'hsic' ? null : new Readout(nets[0].outputSize, arch.classes, 0, arch.init);
  const ensemble = nets.length > 1 && readout ? new EnsembleFeatures(nets) : undefined;
  const model = new Classifier(header.kind, arch, nets, readout, header.classNames, header.mapping, ensemble);
  try {
    assignAll(model.namedVariables(), tensors);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, header };
}

function assignAll(variables: [string, Variable][], tensors: ReadonlyMap<string, { shape: readonly number[]; values: Float32Array }>): void {
  if (variables.length !== tensors.size) {
    throw new CheckpointError(`checkpoint holds ${tensors.size} tensors but the architecture needs ${variables.length}`);
  }
  for (const [name, variable] of variables) {
    const stored = tensors.get(name);
    if (!stored) throw new CheckpointError(`checkpoint lacks tensor "${name}"`);
    if (stored.shape.length !== variable.shape.length || stored.shape.some((d, i) => d !== variable.shape[i])) {
      throw new CheckpointError(`tensor "${name}" has shape [${stored.shape.join(', ')}], expected [${variable.shape.join(', ')}]`);
    }
    tf.tidy(() => variable.assign(tf.tensor(stored.values, [...stored.shape])));
  }
}

/** Writes model.hsic (the checkpoint) and model.json (a readable summary) into `dir`, atomically each. */
export async function saveClassifier(dir: string, model: Classifier, extra: Record<string, unknown> = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const bytes = serializeClassifier(model, extra);
  const file = join(dir, CHECKPOINT_FILE);
  await writeAtomically(file, bytes);
  const { header } = decodeCheckpoint<CheckpointHeader>(bytes);
  await writeAtomically(join(dir, CHECKPOINT_SUMMARY_FILE), new TextEncoder().encode(JSON.stringify({ ...header, bytes: bytes.length }, null, 2)));
  return file;
}

/** Loads a checkpoint from a model.hsic file or a folder holding one. */
export async function loadClassifier(path: string): Promise<LoadedClassifier> {
  let bytes: Uint8Array;
  try {
    const file = (await stat(path)).isDirectory() ? join(path, CHECKPOINT_FILE) : path;
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CheckpointError(code === 'ENOENT' ? `no checkpoint at ${path}` : `cannot read checkpoint ${path}: ${(error as Error).message}`);
  }
  return deserializeClassifier(bytes);
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, file);
}
