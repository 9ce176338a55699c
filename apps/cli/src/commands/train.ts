import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadDataset } from '@hsic/data';
import {
  initBackend, InvalidConfigError, isPresetName, loadClassifier, patchFromAssignments, phasesForKind, PRESETS, resolveRunConfig, runPipeline,
  RUN_KINDS, RunRequestError, saveClassifier, type PipelineResult, type RunKind, type TrainingConfig,
} from '@hsic/engine';
import { UsageError } from '../cli-error.js';
import type { CliEnv } from '../cli-env.js';
import { writeCurves } from '../plot.js';
import { ProgressReporter } from '../progress.js';
import { RunRecorder } from '../run-recorder.js';

/** What `--mode` takes: the engine's kinds of run. */
export const MODES = RUN_KINDS;
export type Mode = RunKind;

export interface TrainOptions {
  readonly preset?: string;
  readonly configFile?: string;
  readonly mode: Mode;
  readonly from?: string;
  readonly out?: string;
  readonly set: readonly string[];
  readonly baseline: boolean;
  readonly quiet: boolean;
}

export async function resolveConfig(options: Pick<TrainOptions, 'preset' | 'configFile' | 'set'>): Promise<{ config: TrainingConfig; name: string }> {
  if (options.configFile) {
    let base: Record<string, unknown>;
    try {
      base = JSON.parse(await readFile(options.configFile, 'utf8'));
    } catch (error) {
      throw new UsageError(`cannot read config ${options.configFile}: ${(error as Error).message}`);
    }
    const name = options.configFile.replace(/^.*\//, '').replace(/\.json$/, '');
    return { config: requestOrUsageError(() => resolveRunConfig({ base, patch: patchFromAssignments(options.set) })), name };
  }
  const preset = options.preset ?? 'mnist-10k';
  if (!isPresetName(preset)) throw new UsageError(`unknown preset "${preset}"; presets: ${Object.keys(PRESETS).join(', ')}`);
  return { config: requestOrUsageError(() => resolveRunConfig({ preset, patch: patchFromAssignments(options.set) })), name: preset };
}

/** The engine's refusal of a request, in the CLI's words (the flag or the config field to fix). */
function requestOrUsageError<T>(resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof RunRequestError)) throw error;
    if (error.issues) throw new UsageError(new InvalidConfigError(error.issues).message);
    throw new UsageError(error.field === 'set' ? `--set ${error.reason}` : `${error.field}: ${error.reason}`);
  }
}

export async function trainCommand(options: TrainOptions, env: CliEnv): Promise<PipelineResult> {
  const { config, name } = await resolveConfig(options);
  const phases = requestOrUsageError(() => phasesForKind(options.mode, config, options.baseline));
  if (options.mode === 'format' && !options.from) throw new UsageError('--mode format needs --from <checkpoint of HSIC-trained nets>');
  const backend = await initBackend(env.backend);
  const out = resolve(options.out ?? join('runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}`));
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'config.json'), JSON.stringify(config, null, 2));
  const data = await loadDataset(config.data.dataset, { dataDir: config.data.dataDir, dataRoot: env.dataRoot, limitTrain: config.data.limitTrain, limitTest: config.data.limitTest });
  const initial = options.from ? await loadClassifier(options.from) : undefined;
  const recorder = await RunRecorder.create(out);
  const progress = new ProgressReporter(options.quiet ? nullStream() : process.stderr);
  process.stderr.write(`run folder ${out}\ndata ${data.name}: ${data.train.count} train / ${data.test.count} test (${data.source})\n`);
  const started = performance.now();
  const result = await runPipeline({
    config, data, phases, backend: backend.name, initialNets: initial?.model.nets,
    listener: (event) => {
      recorder.listener(event);
      progress.listener(event);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const saved: Record<string, string> = {};
  const extra = { config, backend, dataset: data.name, run: out };
  if (result.hsicModel) saved.hsic = await saveClassifier(join(out, 'checkpoints', 'hsic'), result.hsicModel, extra);
  if (result.backpropModel) saved.backprop = await saveClassifier(join(out, 'checkpoints', 'backprop'), result.backpropModel, extra);
  const hsicEpochSeconds = result.reports.hsic?.epochs.map((e) => e.seconds) ?? [];
  const backpropEpochSeconds = result.reports.backprop?.epochs.filter((e) => e.epoch > 0).map((e) => e.seconds) ?? [];
  const summary = {
    preset: name, phases, dataset: data.name, trainCount: data.train.count, testCount: data.test.count,
    backend, seconds, testAccuracy: result.testAccuracy, unformatted: result.unformatted, checkpoints: saved,
    hsicEpochSeconds, backpropEpochSeconds,
  };
  await recorder.close(summary);
  await writeFile(join(out, 'summary.json'), JSON.stringify(summary, null, 2));
  const images = await writeCurves(out, recorder.batches, recorder.epochs, `${name} · ${data.name} · backend ${backend.name}`);
  const accuracy = Object.entries(result.testAccuracy).map(([k, v]) => `${k} ${((v ?? 0) * 100).toFixed(2)} %`).join(', ');
  const percent = (v: number) => `${(v * 100).toFixed(2)} %`;
  const unformatted = result.unformatted
    ? `unformatted readout: served (running statistics) ${percent(result.unformatted.served)}, train-fitted mapping under batch statistics ${percent(result.unformatted.trainFitted)}, the reference's same-split number ${percent(result.unformatted.sameSplit)}\n`
    : '';
  process.stdout.write(`test accuracy: ${accuracy || '(no readout trained)'}\n${unformatted}run folder: ${out}\ncurves: ${images.join(', ')}\n`);
  return result;
}

function nullStream(): NodeJS.WriteStream {
  return { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
}
