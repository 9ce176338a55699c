import type { DatasetSplit } from '@hsic/data';
import type { Architecture } from '../model/architecture.js';
import { Classifier } from '../model/classifier.js';
import { EnsembleFeatures } from '../model/ensemble.js';
import { HsicNetwork } from '../model/network.js';
import { Readout } from '../model/readout.js';
import { trainBackprop } from './backprop-trainer.js';
import { sigmasOf, type TrainingConfig } from './config.js';
import type { EpochEvent, Phase, TrainingEvent, TrainingListener, UnformattedAccuracy } from './events.js';
import { collectFeatures } from './features.js';
import { trainHsic } from './hsic-trainer.js';
import { trainReadout } from './readout-trainer.js';
import { evaluateUnformatted } from './unformatted-readout.js';

/** Where training stands: the last completed epoch of a phase (and, for σ-combined, of which net). */
export interface TrainingProgress {
  readonly phase: Phase;
  /** Index of the net (σ-combined trains several in turn); 0 otherwise. */
  readonly net: number;
  readonly epoch: number;
}

/** The live models after an epoch, for checkpointing. Serialize before returning: training goes on. */
export interface PipelineSnapshot {
  readonly progress: TrainingProgress;
  readonly hsicModel?: Classifier;
  readonly backpropModel?: Classifier;
}

/** Models restored from a snapshot, and how far they had got. */
export type ResumeState = PipelineSnapshot;

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
  /** Called after every training epoch of every phase, e.g. to store a checkpoint. */
  readonly onSnapshot?: (snapshot: PipelineSnapshot) => void | Promise<void>;
  /** Continue from a snapshot: completed phases are skipped, the current one resumes at the next epoch. */
  readonly resume?: ResumeState;
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

const PHASE_ORDER: readonly Phase[] = ['hsic', 'format', 'backprop'];

/** 'done': the resume point is past this phase; 'from': continue after this progress; 'fresh': start over. */
function resumeStatus(phase: Phase, resume?: ResumeState): { kind: 'done' } | { kind: 'from'; net: number; epoch: number } | { kind: 'fresh' } {
  if (!resume) return { kind: 'fresh' };
  const at = PHASE_ORDER.indexOf(resume.progress.phase);
  const here = PHASE_ORDER.indexOf(phase);
  if (at > here) return { kind: 'done' };
  if (at === here) return { kind: 'from', net: resume.progress.net, epoch: resume.progress.epoch };
  return { kind: 'fresh' };
}

/** HSIC training, post-training and the backprop baseline, as the request's phases say. */
export async function runPipeline(request: PipelineRequest): Promise<PipelineResult> {
  const { config, data, phases, resume } = request;
  const architecture = resume?.hsicModel?.architecture ?? resume?.backpropModel?.architecture ?? request.initialNets?.[0]?.architecture ?? architectureFor(config, data);
  const expected = architectureFor(config, data);
  if (architecture.inputShape.join('x') !== expected.inputShape.join('x') || architecture.classes !== expected.classes) {
    throw new Error(`the given nets take ${architecture.inputShape.join('x')} inputs and ${architecture.classes} classes; the dataset has ${expected.inputShape.join('x')} and ${expected.classes}`);
  }
  const classes = architecture.classes;
  const classNames = data.train.classNames;
  const reports: Partial<Record<Phase, PhaseReport>> = {};
  const testAccuracy: PipelineResult['testAccuracy'] = {};
  let hsicModel: Classifier | undefined = resume?.hsicModel;
  let backpropModel: Classifier | undefined = resume?.backpropModel;
  let unformatted: UnformattedAccuracy | undefined;
  const common = (phase: Phase, net = 0) => ({
    seed: config.seed,
    shuffle: config.shuffle,
    backend: request.backend,
    signal: request.signal,
    listener: async (event: TrainingEvent) => {
      await request.listener?.(event);
      if (event.kind === 'epoch' && event.epoch >= 1) {
        await request.onSnapshot?.({ progress: { phase, net, epoch: event.epoch }, hsicModel, backpropModel });
      }
    },
  });

  if (phases.includes('hsic') || phases.includes('format')) {
    const settings = config.hsic;
    if (!settings) throw new Error('the config has no hsic section');
    const sigmas = sigmasOf(settings);
    const nets = hsicModel ? [...hsicModel.nets] : request.initialNets ? [...request.initialNets] : sigmas.map(() => HsicNetwork.create(architecture, config.seed));
    if (nets.length !== sigmas.length) throw new Error(`the config has ${sigmas.length} σ values but ${nets.length} nets were given`);
    const classWide = nets[0].outputSize === classes && nets.length === 1;
    const hsicStatus = resumeStatus('hsic', resume);
    if (phases.includes('hsic') && hsicStatus.kind !== 'done') {
      hsicModel ??= new Classifier('hsic', architecture, nets, null, classNames, null);
      const epochs: EpochEvent[] = [];
      let seconds = 0;
      for (const [k, net] of nets.entries()) {
        if (hsicStatus.kind === 'from' && k < hsicStatus.net) continue;
        const firstEpoch = hsicStatus.kind === 'from' && k === hsicStatus.net ? hsicStatus.epoch + 1 : 1;
        const report = await trainHsic(net, data.train, {
          ...common('hsic', k), settings, sigma: sigmas[k], classes, firstEpoch,
          evaluate: classWide ? () => ({ unformatted: evaluateUnformatted(net, data.train, data.test, settings.batchSize) }) : undefined,
        });
        epochs.push(...report.epochs);
        seconds += report.seconds;
      }
      reports.hsic = { epochs, seconds };
    }
    if (classWide && (phases.includes('hsic') || hsicModel?.kind === 'unformatted')) {
      unformatted = reports.hsic?.epochs.at(-1)?.unformatted ?? evaluateUnformatted(nets[0], data.train, data.test, settings.batchSize);
      // The accuracy of the model this run returns and a server would run: running statistics.
      testAccuracy.unformatted = unformatted.served;
    }
    const formatStatus = resumeStatus('format', resume);
    if (phases.includes('format') && config.format && formatStatus.kind !== 'done') {
      let ensemble = hsicModel?.kind === 'format' ? (hsicModel.ensemble ?? undefined) : undefined;
      let readout = hsicModel?.kind === 'format' && formatStatus.kind === 'from' ? (hsicModel.readout ?? undefined) : undefined;
      if (!readout) {
        if (nets.length > 1) {
          ensemble = new EnsembleFeatures(nets);
          const fitted = ensemble;
          fitted.fit(collectFeatures({ outputSize: fitted.outputSize, features: (x) => fitted.averaged(x) }, data.train), data.train.count);
        }
        readout = new Readout((ensemble ?? nets[0]).outputSize, classes, readoutSeed(config.seed), architecture.init);
      }
      hsicModel = new Classifier('format', architecture, nets, readout, classNames, null, ensemble);
      const firstEpoch = formatStatus.kind === 'from' ? formatStatus.epoch + 1 : 1;
      const report = await trainReadout(ensemble ?? nets[0], readout, data.train, data.test, { ...common('format'), settings: config.format, firstEpoch });
      reports.format = report;
      testAccuracy.format = report.epochs.at(-1)?.testAccuracy;
    } else if (hsicModel?.kind !== 'format') {
      hsicModel = unformatted
        ? new Classifier('unformatted', architecture, nets, null, classNames, unformatted.mapping)
        : (hsicModel ?? new Classifier('hsic', architecture, nets, null, classNames, null));
    }
  }

  const backpropStatus = resumeStatus('backprop', resume);
  if (phases.includes('backprop') && backpropStatus.kind !== 'done') {
    if (!config.backprop) throw new Error('the config has no backprop section');
    const resumed = backpropStatus.kind === 'from' && backpropModel;
    const net = resumed ? backpropModel!.nets[0] : HsicNetwork.create(architecture, config.seed);
    const readout = resumed ? backpropModel!.readout! : new Readout(net.outputSize, classes, readoutSeed(config.seed), architecture.init);
    backpropModel = new Classifier('backprop', architecture, [net], readout, classNames, null);
    const firstEpoch = backpropStatus.kind === 'from' ? backpropStatus.epoch + 1 : 1;
    const report = await trainBackprop(net, readout, data.train, data.test, { ...common('backprop'), settings: config.backprop, classes, firstEpoch });
    reports.backprop = report;
    testAccuracy.backprop = report.epochs.at(-1)?.testAccuracy;
  }

  return { architecture, hsicModel, backpropModel, reports, unformatted, testAccuracy };
}
