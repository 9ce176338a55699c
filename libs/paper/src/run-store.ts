import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resumeFromCheckpoints, snapshotToCheckpoints, trainingConfigSchema, type EpochEvent, type PipelineSnapshot, type ResumeState, type TrainingConfig } from '@hsic/engine';
import type { BatchRecord, ExperimentRun, RunResult } from './paper-figure.js';

/** What a run had reported by its last finished epoch, and its training time so far. */
export interface RunProgress {
  readonly epochs: readonly EpochEvent[];
  readonly batches: readonly BatchRecord[];
  readonly seconds: number;
}

/** A run stopped part-way: the engine's snapshot after its last finished epoch, and what it had reported. */
export interface PartialRun extends RunProgress {
  readonly resume: ResumeState;
}

interface PartialRecord extends Omit<RunProgress, 'batches'> {
  readonly config: TrainingConfig;
  readonly batches?: readonly BatchRecord[];
  /** The snapshot's files in this run's partial folder, by model. */
  readonly files: Partial<Record<'hsic' | 'backprop', string>>;
}

/**
 * Where a figure's runs are kept between commands: `<id>.json` once a run has finished, and `<id>.partial/` after
 * each epoch until then, so a command stopped part-way (a machine stop, Ctrl-C) resumes at the last epoch.
 * Anything stored under a different config is ignored (and replaced).
 */
export class RunStore {
  constructor(private readonly dir: string) {}

  async finished(id: string, config: TrainingConfig): Promise<RunResult | null> {
    const stored = await readJson<RunResult>(join(this.dir, `${id}.json`));
    return stored && sameConfig(stored.config, config) ? stored : null;
  }

  async saveFinished(result: RunResult): Promise<string> {
    const file = join(this.dir, `${result.id}.json`);
    await writeAtomically(file, resultJson(result));
    await rm(this.partialDir(result.id), { recursive: true, force: true });
    return file;
  }

  async partial(id: string, config: TrainingConfig): Promise<PartialRun | null> {
    const dir = this.partialDir(id);
    const record = await readJson<PartialRecord>(join(dir, 'progress.json'));
    if (!record || !sameConfig(record.config, config)) return null;
    const files: { hsic?: Uint8Array; backprop?: Uint8Array } = {};
    for (const [model, name] of Object.entries(record.files) as ['hsic' | 'backprop', string][]) files[model] = new Uint8Array(await readFile(join(dir, name)));
    return { resume: resumeFromCheckpoints(files), epochs: record.epochs, batches: record.batches ?? [], seconds: record.seconds };
  }

  async savePartial(id: string, config: TrainingConfig, snapshot: PipelineSnapshot, progress: RunProgress): Promise<void> {
    const dir = this.partialDir(id);
    await mkdir(dir, { recursive: true });
    const checkpoints = snapshotToCheckpoints(snapshot);
    const { phase, net, epoch } = snapshot.progress;
    const files: PartialRecord['files'] = {};
    for (const model of ['hsic', 'backprop'] as const) {
      const bytes = checkpoints[model];
      if (!bytes) continue;
      files[model] = `${model}-${phase}-${net}-${epoch}.ckpt`;
      await writeAtomically(join(dir, files[model]), bytes);
    }
    // progress.json is replaced last and names its own files: a stop at any point leaves a consistent snapshot.
    await writeAtomically(join(dir, 'progress.json'), JSON.stringify({ config, ...progress, files } satisfies PartialRecord));
    const kept = new Set(['progress.json', ...Object.values(files)]);
    for (const name of await readdir(dir)) if (!kept.has(name)) await rm(join(dir, name), { force: true });
  }

  private partialDir(id: string): string {
    return join(this.dir, `${id}.partial`);
  }
}

/**
 * A finished run of the same config and phases that another figure keeps under `workDir` (figures share nets:
 * Fig. 2's relu net is its depth-5 net), with the page it is kept under.
 */
export async function findSharedRun(workDir: string, config: TrainingConfig, run: ExperimentRun): Promise<{ result: RunResult; page: string } | null> {
  const pages = await readdir(workDir, { withFileTypes: true }).catch(() => []);
  for (const page of pages.filter((p) => p.isDirectory())) {
    for (const name of (await readdir(join(workDir, page.name))).filter((n) => n.endsWith('.json'))) {
      const result = await readJson<RunResult>(join(workDir, page.name, name));
      const samePhases = result?.phases !== undefined && result.phases.join() === run.phases.join();
      if (result && samePhases && sameConfig(result.config, config) && (!run.recordBatches || result.batches)) return { result, page: page.name };
    }
  }
  return null;
}

/** Indented for reading and diffing, with one line per recorded batch and per list of test outputs (a run may have thousands). */
function resultJson(result: RunResult): string {
  const { batches, testOutputs, ...rest } = result;
  const body = JSON.stringify(rest, null, 1);
  const tail = [
    ...(batches ? [` "batches": [\n${batches.map((b) => `  ${JSON.stringify(b)}`).join(',\n')}\n ]`] : []),
    ...(testOutputs ? [` "testOutputs": {\n  "labels": ${JSON.stringify(testOutputs.labels)},\n  "values": ${JSON.stringify(testOutputs.values)}\n }`] : []),
  ];
  return tail.length === 0 ? `${body}\n` : `${body.slice(0, -2)},\n${tail.join(',\n')}\n}\n`;
}

/**
 * The same experiment: equal once both are parsed by today's schema (a default added since a result was stored, like
 * the MLP's batchNorm, fills in alike) and compared regardless of key order.
 */
function sameConfig(stored: TrainingConfig, config: TrainingConfig): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(canonical)
      : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]))
        : value;
  const parsed = trainingConfigSchema.safeParse(stored);
  return parsed.success && JSON.stringify(canonical(parsed.data)) === JSON.stringify(canonical(config));
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null; // absent or unreadable: the run trains (again)
  }
}

async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await writeFile(`${file}.tmp`, data);
  await rename(`${file}.tmp`, file);
}
