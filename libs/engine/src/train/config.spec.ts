import { mlpBlockWidths } from '../model/architecture.js';
import { InvalidConfigError, parseTrainingConfig } from './config.js';

const config = (model: Record<string, unknown>) => ({ data: { dataset: 'mnist-10k' }, model: { kind: 'mlp', ...model } });

describe('an MLP config: uniform widths or every block listed', () => {
  it('takes the reference’s uniform form: hiddenLayers + 1 blocks of hiddenWidth, then lastWidth; BatchNorm plain by default', () => {
    const parsed = parseTrainingConfig(config({ hiddenWidth: 128, hiddenLayers: 5, lastWidth: 10 }));
    expect(parsed.model.kind === 'mlp' && parsed.model.batchNorm).toBe('plain');
    expect(mlpBlockWidths(parsed.model as Parameters<typeof mlpBlockWidths>[0])).toEqual([128, 128, 128, 128, 128, 128, 10]);
  });

  it('takes every block’s width (the needle net) and an affine BatchNorm', () => {
    const parsed = parseTrainingConfig(config({ widths: [256, 128, 64, 32, 16, 8, 1], batchNorm: 'affine', activation: 'tanh' }));
    expect(parsed.model).toMatchObject({ widths: [256, 128, 64, 32, 16, 8, 1], batchNorm: 'affine' });
    expect(mlpBlockWidths(parsed.model as Parameters<typeof mlpBlockWidths>[0])).toEqual([256, 128, 64, 32, 16, 8, 1]);
  });

  it.each([
    ['both forms', { widths: [8, 1], hiddenWidth: 8 }, /model\.widths: an mlp takes either widths or hiddenWidth, hiddenLayers and lastWidth, not both \(also given: hiddenWidth\)/],
    ['neither form', {}, /model\.hiddenWidth: an mlp needs hiddenWidth, hiddenLayers and lastWidth, or widths \(every block, first to last\); missing: hiddenWidth, hiddenLayers, lastWidth/],
    ['an incomplete uniform form', { hiddenWidth: 8, hiddenLayers: 1 }, /model\.lastWidth: an mlp needs .*; missing: lastWidth$/],
  ])('refuses %s, saying what it needs', (_, model, message) => {
    expect(() => parseTrainingConfig(config(model))).toThrow(InvalidConfigError);
    expect(() => parseTrainingConfig(config(model))).toThrow(message);
  });

  it('refuses an empty widths list, a zero width and an unknown BatchNorm', () => {
    expect(() => parseTrainingConfig(config({ widths: [] }))).toThrow(/model\.widths/);
    expect(() => parseTrainingConfig(config({ widths: [8, 0] }))).toThrow(/model\.widths\.1/);
    expect(() => parseTrainingConfig(config({ widths: [8], batchNorm: 'fancy' }))).toThrow(/model\.batchNorm/);
  });
});
