import type { DatasetSplit } from '@hsic/data';
import type { Architecture } from '../model/architecture.js';
import { Classifier } from '../model/classifier.js';
import { EnsembleFeatures } from '../model/ensemble.js';
import { HsicNetwork } from '../model/network.js';
import { Readout } from '../model/readout.js';
import { trainBackprop } from './backprop-trainer.js';
import { sigmasOf, type TrainingConfig } from './config.js';
import type { EpochEvent, Phase, TrainingListener, UnformattedAccuracy } from './events.js';
import { collectFeatures } from './features.js';
import { trainHsic } from './hsic-trainer.js';
import { trainReadout } from './readout-trainer.js';
import { evaluateUnformatted } from './unformatted-readout.js';

export interface PipelineRequest {
  readonly config: TrainingConfig;
  readonly data: DatasetSplit;
  /** Which of the config's phases to run, in pipeline order. */
  readonly phases: readonly Phase[];
  readonly backend: string;
  readonly listener?: TrainingListener;
  readonly signal?: AbortSignal;
  /** HSIC-trained nets to start from instead of fresh ones (e.g. to format-train a saved net). */
  readonly initialNets?: readonly HsicNetwork[];
}

export interface PhaseReport {
  readonly epochs: readonly EpochEvent[];
  readonly seconds: number;
}

export interface PipelineResult {
  readonly architecture: Architecture;
  /**
   * The HSIC model: formatted when a format phase ran, else unformatted when the last block is
   * class-wide, else the bare nets (kind 'hsic').
   */
  readonly hsicModel?: Classifier;
  readonly backpropModel?: Classifier;
  readonly reports: Partial<Record<Phase, PhaseReport>>;
  readonly unformatted?: UnformattedAccuracy;
  readonly testAccuracy: Partial<Record<'format' | 'unformatted' | 'backprop', number>>;
}

/** Seeds of the readout: its own stream, shared by the format readout and the backprop head. */
const readoutSeed = (seed: number) => seed + 1;

export function architectureFor(config: TrainingConfig, data: DatasetSplit): Architecture {
  const { shape, classNames } = data.train;
  const inputShape: [number, number, number] = [shape.height, shape.width, shape.channels];
  return config.model.kind === 'mlp'
    ? { ...config.model, inputShape, classes: classNames.length }
    : { ...config.model, inputShape, classes: classNames.length };
}

/** HSIC training, post-training and the backprop baseline, as the request's phases say. */
export async function runPipeline(request: PipelineRequest): Promise<PipelineResult> {
  const { config, data, phases } = request;
  const architecture = request.initialNets?.[0]?.architecture ?? architectureFor(config, data);
  const expected = architectureFor(config, data);
  if (architecture.inputShape.join('x') !== expected.inputShape.join('x') || architecture.classes !== expected.classes) {
    throw new Error(`the given nets take ${architecture.inputShape.join('x')} inputs and ${architecture.classes} classes; the dataset has ${expected.inputShape.join('x')} and ${expected.classes}`);
  }
  const classes = architecture.classes;
  const reports: Partial<Record<Phase, PhaseReport>> = {};
  const testAccuracy: PipelineResult['testAccuracy'] = {};
  const common = { seed: config.seed, shuffle: config.shuffle, backend: request.backend, listener: request.listener, signal: request.signal };
  let hsicModel: Classifier | undefined;
  let backpropModel: Classifier | undefined;
  let unformatted: UnformattedAccuracy | undefined;

  if (phases.includes('hsic') || phases.includes('format')) {
    const settings = config.hsic;
    if (!settings) throw new Error('the config has no hsic section');
    const sigmas = sigmasOf(settings);
    const nets = request.initialNets ? [...request.initialNets] : sigmas.map(() => HsicNetwork.create(architecture, config.seed));
    if (nets.length !== sigmas.length) throw new Error(`the config has ${sigmas.length} σ values but ${nets.length} nets were given`);
    const classWide = nets[0].outputSize === classes && nets.length === 1;
    if (phases.includes('hsic')) {
      const epochs: EpochEvent[] = [];
      let seconds = 0;
      for (const [k, net] of nets.entries()) {
        const report = await trainHsic(net, data.train, {
          ...common, settings, sigma: sigmas[k], classes,
          evaluate: classWide ? () => ({ unformatted: evaluateUnformatted(net, data.train, data.test, settings.batchSize) }) : undefined,
        });
        epochs.push(...report.epochs);
        seconds += report.seconds;
      }
      reports.hsic = { epochs, seconds };
      if (classWide) {
        unformatted = epochs[epochs.length - 1]?.unformatted ?? evaluateUnformatted(nets[0], data.train, data.test, settings.batchSize);
        testAccuracy.unformatted = unformatted.trainFitted;
      }
    }
    if (phases.includes('format') && config.format) {
      const ensemble = nets.length > 1 ? new EnsembleFeatures(nets) : undefined;
      if (ensemble) ensemble.fit(collectFeatures({ outputSize: ensemble.outputSize, features: (x) => ensemble.averaged(x) }, data.train), data.train.count);
      const extractor = ensemble ?? nets[0];
      const readout = new Readout(extractor.outputSize, classes, readoutSeed(config.seed), architecture.init);
      const report = await trainReadout(extractor, readout, data.train, data.test, { ...common, settings: config.format });
      reports.format = report;
      testAccuracy.format = report.epochs[report.epochs.length - 1]?.testAccuracy;
      hsicModel = new Classifier('format', architecture, nets, readout, data.train.classNames, null, ensemble);
    } else if (unformatted) {
      hsicModel = new Classifier('unformatted', architecture, nets, null, data.train.classNames, unformatted.mapping);
    } else {
      hsicModel = new Classifier('hsic', architecture, nets, null, data.train.classNames, null);
    }
  }

  if (phases.includes('backprop')) {
    if (!config.backprop) throw new Error('the config has no backprop section');
    const net = HsicNetwork.create(architecture, config.seed);
    const readout = new Readout(net.outputSize, classes, readoutSeed(config.seed), architecture.init);
    const report = await trainBackprop(net, readout, data.train, data.test, { ...common, settings: config.backprop, classes });
    reports.backprop = report;
    testAccuracy.backprop = report.epochs[report.epochs.length - 1]?.testAccuracy;
    backpropModel = new Classifier('backprop', architecture, [net], readout, data.train.classNames, null);
  }

  return { architecture, hsicModel, backpropModel, reports, unformatted, testAccuracy };
}
