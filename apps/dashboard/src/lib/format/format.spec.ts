import { architecture, dateTime, duration, metric, percent, sigmaOf } from './format';

describe('format', () => {
  it('reads accuracies, durations and times the same everywhere', () => {
    expect(percent(0.94806)).toBe('94.81 %');
    expect(percent(null)).toBe('—');
    expect([duration(4.25), duration(42.4), duration(185), duration(7620)]).toEqual(['4.3 s', '42 s', '3 min 05 s', '2 h 07 min']);
    expect(dateTime('2026-12-06T14:03:09.123Z')).toBe('2026-12-06 14:03:09 UTC');
    expect(dateTime('not a date')).toBe('—');
    expect(metric(0.123456)).toBe('0.1235');
  });

  it('describes the nets of the configs it knows, and says so when it does not', () => {
    expect(architecture({ model: { kind: 'mlp', hiddenWidth: 128, hiddenLayers: 5, lastWidth: 10, activation: 'relu' } })).toBe('MLP 128×6→10, relu');
    expect(architecture({ model: { kind: 'mlp', widths: [256, 128, 8, 1], activation: 'tanh' } })).toBe('MLP 256-128-8-1, tanh');
    expect(architecture({ model: { kind: 'resconv', channels: 64, residualBlocks: 5, denseWidth: 512 } })).toBe('ResConv 64 ch, 5 blocks, dense 512');
    expect(architecture({})).toBe('—');
    expect(sigmaOf({ hsic: { sigma: [1, 5, 10] } })).toBe('σ 1, 5, 10');
    expect(sigmaOf({ hsic: { sigma: 5 } })).toBe('σ 5');
    expect(sigmaOf({ backprop: {} })).toBeNull();
  });
});
