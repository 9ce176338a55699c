// Builders for tiny training configs and runs, and the metric rows a config must produce.
import type { JsonObject, MetricPoint, RunKind } from '@hsic/contracts';
import { blockCount, parseTrainingConfig, sigmasOf, type TrainingConfigInput } from '@hsic/engine';
import type { Repositories } from '@hsic/persistence';

type Sections = Pick<TrainingConfigInput, 'hsic' | 'format' | 'backprop'>;

/**
 * A run that trains in about a second on mnist-10k: 256 training images (4 HSIC batches of 64, 2 readout
 * batches of 128), 128 test images, an MLP of 3 blocks. Pass a section as null to leave it out.
 */
export function tinyConfig(overrides: { [K in keyof Sections]?: Partial<NonNullable<Sections[K]>> | null } & { hiddenWidth?: number; lastWidth?: number } = {}): JsonObject {
  const section = <T extends object>(base: T, override: Partial<T> | null | undefined) =>
    override === null ? undefined : { ...base, ...(override ?? {}) };
  const config: TrainingConfigInput = {
    data: { dataset: 'mnist-10k', limitTrain: 256, limitTest: 128 },
    model: { kind: 'mlp', hiddenWidth: overrides.hiddenWidth ?? 16, hiddenLayers: 1, lastWidth: overrides.lastWidth ?? 16, activation: 'relu', init: 'pytorch' },
    hsic: section({ epochs: 2, batchSize: 64, learningRate: 5e-3, sigma: 5, beta: 50 }, overrides.hsic),
    format: section({ epochs: 2, batchSize: 128, learningRate: 0.1 }, overrides.format),
    backprop: section({ epochs: 2, batchSize: 128, learningRate: 0.1 }, overrides.backprop),
  };
  return JSON.parse(JSON.stringify(config)) as JsonObject;
}

export function createRun(repos: Repositories, config: JsonObject, options: { kind?: RunKind; modelName?: string; sourceRunId?: string } = {}) {
  return repos.runs.create({
    kind: options.kind ?? 'PIPELINE',
    datasetName: 'mnist-10k',
    config,
    modelName: options.modelName ?? null,
    sourceRunId: options.sourceRunId ?? null,
  });
}

export const metricKey = (p: Pick<MetricPoint, 'phase' | 'net' | 'epoch' | 'batch' | 'layer'>): string =>
  `${p.phase}/${p.net}/${p.epoch}/${p.batch}/${p.layer}`;

/**
 * Every metric key a complete run of `config` writes, for the phases given (see metric-points.ts):
 * HSIC: per net and epoch, a row per block and batch, a row per block for the epoch, one epoch row;
 * readouts: the epoch-0 evaluation, then per epoch one row per batch and one epoch row.
 */
export function expectedMetricKeys(configJson: JsonObject, phases: readonly ('hsic' | 'format' | 'backprop')[]): string[] {
  const config = parseTrainingConfig(configJson);
  const trainCount = config.data.limitTrain as number;
  const batches = (batchSize: number) => Math.ceil(trainCount / batchSize);
  const keys: string[] = [];
  if (phases.includes('hsic') && config.hsic) {
    const blocks = blockCount({ ...config.model, inputShape: [28, 28, 1], classes: 10 });
    for (let net = 0; net < sigmasOf(config.hsic).length; net++) {
      for (let epoch = 1; epoch <= config.hsic.epochs; epoch++) {
        for (let batch = 0; batch < batches(config.hsic.batchSize); batch++) {
          for (let layer = 0; layer < blocks; layer++) keys.push(metricKey({ phase: 'hsic', net, epoch, batch, layer }));
        }
        for (let layer = -1; layer < blocks; layer++) keys.push(metricKey({ phase: 'hsic', net, epoch, batch: -1, layer }));
      }
    }
  }
  for (const phase of ['format', 'backprop'] as const) {
    const settings = config[phase];
    if (!phases.includes(phase) || !settings) continue;
    keys.push(metricKey({ phase, net: 0, epoch: 0, batch: -1, layer: -1 }));
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      for (let batch = -1; batch < batches(settings.batchSize); batch++) keys.push(metricKey({ phase, net: 0, epoch, batch, layer: -1 }));
    }
  }
  return keys.sort();
}
