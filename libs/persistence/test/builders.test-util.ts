// Data builders for the persistence tests: every name is unique, so suites can share one database.
import { randomUUID } from 'node:crypto';
import type { MetricPointInput, TrainingPhase } from '@hsic/contracts';
import type { CreateRunInput, DatasetDescriptor } from '../src/index.js';

export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export const aDataset = (overrides: Partial<DatasetDescriptor> = {}): DatasetDescriptor => ({
  name: uniqueName('dataset'),
  description: 'a test dataset',
  trainCount: 80,
  testCount: 20,
  shape: { height: 28, width: 28, channels: 1 },
  classNames: ['0', '1', '2'],
  ...overrides,
});

export const aTrainingConfig = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  seed: 1234,
  model: { kind: 'mlp', hiddenWidth: 64, hiddenLayers: 2, lastWidth: 10 },
  hsic: { epochs: 2, batchSize: 64, learningRate: 0.01, sigma: 5, beta: 100 },
  ...overrides,
});

export const aRunInput = (datasetName: string, overrides: Partial<CreateRunInput> = {}): CreateRunInput => ({
  kind: 'PIPELINE',
  datasetName,
  config: aTrainingConfig(),
  preset: 'smoke',
  ...overrides,
});

export const aBatchPoint = (
  phase: TrainingPhase,
  epoch: number,
  batch: number,
  layer: number,
  overrides: Partial<MetricPointInput> = {},
): MetricPointInput => ({
  phase,
  epoch,
  batch,
  layer,
  ...(layer >= 0 ? { nhsicX: 0.5 + batch / 1000, nhsicY: 0.1 + batch / 1000, loss: 0.4 - batch / 1000 } : { loss: 1 / (batch + 1) }),
  seconds: 0.01,
  samples: 64,
  ...overrides,
});

export const anEpochPoint = (phase: TrainingPhase, epoch: number, overrides: Partial<MetricPointInput> = {}): MetricPointInput => ({
  phase,
  epoch,
  batch: -1,
  layer: -1,
  trainAccuracy: 0.8,
  testAccuracy: 0.75,
  seconds: 1.5,
  ...overrides,
});

/** Deterministic pseudo-random bytes, different for each seed. */
export function someBytes(size: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}
