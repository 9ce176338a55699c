import { InvalidArgumentError } from '@hsic/contracts';
import { PRESETS, RunRequestError } from '@hsic/engine';
import { checkConfigFitsKind, resolveTrainingConfig } from './resolve-training-config.js';

const DATASETS = ['mnist-10k', 'fashion-mnist'];

function fieldOf(run: () => unknown): { field: string; reason: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidArgumentError || error instanceof RunRequestError) return { field: error.field, reason: error.reason };
    throw error;
  }
  throw new Error('expected a refusal naming its field');
}

describe('resolveTrainingConfig', () => {
  it('completes a preset with overrides, on the dataset argument', () => {
    const config = resolveTrainingConfig({ dataset: 'fashion-mnist', preset: 'smoke', config: { hsic: { epochs: 1 } } }, DATASETS);
    expect(config.data).toEqual({ ...PRESETS.smoke.data, dataset: 'fashion-mnist' });
    expect(config.hsic).toMatchObject({ ...PRESETS.smoke.hsic, epochs: 1 });
    expect(config.seed).toBe(1234); // engine default filled in
  });

  it('names the field and the reason of every refusal', () => {
    const resolve = (request: Parameters<typeof resolveTrainingConfig>[0]) => () => resolveTrainingConfig(request, DATASETS);
    expect(fieldOf(resolve({ dataset: 'cifar-100', preset: 'smoke' })).field).toBe('dataset');
    expect(fieldOf(resolve({ dataset: 'mnist-10k', preset: 'nope' }))).toEqual({ field: 'preset', reason: expect.stringContaining("unknown preset 'nope'") });
    expect(fieldOf(resolve({ dataset: 'mnist-10k' })).field).toBe('config');
    expect(fieldOf(resolve({ dataset: 'mnist-10k', config: [1, 2] })).field).toBe('config');
    expect(fieldOf(resolve({ dataset: 'mnist-10k', preset: 'smoke', config: { hsic: { batchSize: 1 } } }))).toEqual({
      field: 'config.hsic.batchSize',
      reason: expect.stringMatching(/>=\s*2/),
    });
    expect(fieldOf(resolve({ dataset: 'mnist-10k', preset: 'smoke', config: { data: { dataset: 'fashion-mnist' } } })).field).toBe('config.data.dataset');
  });
});

describe('checkConfigFitsKind', () => {
  const smoke = resolveTrainingConfig({ dataset: 'mnist-10k', preset: 'smoke' }, DATASETS);
  const withoutHsic = resolveTrainingConfig({ dataset: 'mnist-10k', preset: 'smoke', config: { hsic: null } }, DATASETS);

  it('accepts what the worker can train', () => {
    expect(() => checkConfigFitsKind('PIPELINE', smoke)).not.toThrow();
    expect(() => checkConfigFitsKind('BACKPROP', withoutHsic)).not.toThrow();
    expect(() => checkConfigFitsKind('FORMAT', smoke)).not.toThrow();
  });

  it('refuses what the worker would refuse, naming the field to fix', () => {
    expect(fieldOf(() => checkConfigFitsKind('PIPELINE', withoutHsic)).field).toBe('config.hsic');
    expect(fieldOf(() => checkConfigFitsKind('FORMAT', resolveTrainingConfig({ dataset: 'mnist-10k', preset: 'smoke', config: { format: null } }, DATASETS))).field).toBe('config.format');
    expect(fieldOf(() => checkConfigFitsKind('FORMAT', withoutHsic)).field).toBe('config.hsic');
  });
});
