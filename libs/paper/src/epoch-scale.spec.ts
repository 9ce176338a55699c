import { defaultEpochScale } from './epoch-scale.js';
import { PAPER_FIGURES } from './figures/index.js';
import { scaleEpochs } from './figures/format-after-hsic.js';

describe('epochs on a smaller set than the paper’s', () => {
  const widths = PAPER_FIGURES.get('widths')!;

  it('scales by the training-set sizes: 60,000 MNIST images against the 8,000 embedded digits', () => {
    expect(defaultEpochScale(widths, 'mnist-10k')).toBe(7.5);
    expect(defaultEpochScale(widths, 'mnist')).toBe(1);
    expect(defaultEpochScale(PAPER_FIGURES.get('resconv')!, 'fashion-mnist')).toBe(1);
  });

  it('multiplies every phase’s epochs, rounded, and leaves the rest of the config alone', () => {
    const [run] = widths.runs({ quick: false, dataset: 'mnist-10k', epochScale: 7.5 });
    const [paper] = widths.runs({ quick: false, dataset: 'mnist', epochScale: 1 });
    expect(run.config.hsic?.epochs).toBe(38);
    expect(run.config.format?.epochs).toBe(38);
    expect({ ...run.config, hsic: { ...run.config.hsic, epochs: 5 }, format: { ...run.config.format, epochs: 5 }, data: paper.config.data }).toEqual(paper.config);
    expect(scaleEpochs({ data: { dataset: 'mnist' }, model: { kind: 'mlp', hiddenWidth: 8, hiddenLayers: 1, lastWidth: 8 }, backprop: { epochs: 1, batchSize: 8, learningRate: 0.1 } }, 2.4).backprop?.epochs).toBe(2);
  });
});
