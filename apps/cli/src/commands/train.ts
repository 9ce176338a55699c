import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadDataset, type DatasetName } from '@hsic/data';
import {
  initBackend, InvalidConfigError, isPresetName, loadClassifier, parseTrainingConfig, PRESETS, runPipeline, saveClassifier,
  type Phase, type PipelineResult, type TrainingConfig,
} from '@hsic/engine';
import { UsageError } from '../cli-error.js';
import { applyOverrides } from '../config-overrides.js';
import { writeCurves } from '../plot.js';
import { ProgressReporter } from '../progress.js';
import { RunRecorder } from '../run-recorder.js';

export const MODES = { pipeline: ['hsic', 'format', 'backprop'], hsic: ['hsic'], format: ['format'], backprop: ['backprop'] } as const satisfies Record<string, readonly Phase[]>;
export type Mode = keyof typeof MODES;

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
  let base: Record<string, unknown>;
  let name: string;
  if (options.configFile) {
    try {
      base = JSON.parse(await readFile(options.configFile, 'utf8'));
    } catch (error) {
      throw new UsageError(`cannot read config ${options.configFile}: ${(error as Error).message}`);
    }
    name = options.configFile.replace(/^.*\//, '').replace(/\.json$/, '');
  } else {
    const preset = options.preset ?? 'mnist-10k';
    if (!isPresetName(preset)) throw new UsageError(`unknown preset "${preset}"; presets: ${Object.keys(PRESETS).join(', ')}`);
    base = structuredClone(PRESETS[preset]) as Record<string, unknown>;
    name = preset;
  }
  try {
    return { config: parseTrainingConfig(applyOverrides(base, options.set)), name };
  } catch (error) {
    if (error instanceof InvalidConfigError) throw new UsageError(error.message);
    throw error;
  }
}

function phasesFor(mode: Mode, config: TrainingConfig, baseline: boolean): Phase[] {
  const wanted: readonly Phase[] = MODES[mode];
  return wanted.filter((p) => (p === 'backprop' && mode === 'pipeline' ? baseline && config.backprop : config[p] !== undefined)) as Phase[];
}

export async function trainCommand(options: TrainOptions): Promise<PipelineResult> {
  const { config, name } = await resolveConfig(options);
  const phases = phasesFor(options.mode, config, options.baseline);
  if (phases.length === 0) throw new UsageError(`the config has no section for mode "${options.mode}"`);
  if (options.mode === 'format' && !options.from) throw new UsageError('--mode format needs --from <checkpoint of HSIC-trained nets>');
  const backend = await initBackend();
  const out = resolve(options.out ?? join('runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}`));
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'config.json'), JSON.stringify(config, null, 2));
  const data = await loadDataset(config.data.dataset as DatasetName, { dataDir: config.data.dataDir, limitTrain: config.data.limitTrain, limitTest: config.data.limitTest });
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
