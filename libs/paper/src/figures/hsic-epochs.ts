import { formatAfterHsicFigure, QUICK_DATA, type FormatVariant } from './format-after-hsic.js';

/** The reference's varied-epoch config (HSIC.md §2.1): MLP 256/128, σ 5, β 50, batch 256, HSIC lr 1e-4, format lr 0.005. */
const variant = (epochs: number, paper: [number, number]): FormatVariant => ({
  id: `hsic-${epochs}-epochs`,
  label: `${epochs} HSIC epoch${epochs === 1 ? '' : 's'}`,
  paper,
  config: {
    data: { dataset: 'mnist' },
    model: { kind: 'mlp', hiddenWidth: 256, hiddenLayers: 5, lastWidth: 128, activation: 'relu', init: 'pytorch' },
    hsic: { epochs, batchSize: 256, learningRate: 1e-4, sigma: 5, beta: 50 },
    format: { epochs: 5, batchSize: 256, learningRate: 0.005 },
  },
});

/** Fig. 5: how many HSIC epochs before the format readout (1, 5 or 10). */
export const EPOCHS_FIGURE = formatAfterHsicFigure({
  id: 'epochs',
  title: 'Format-trained accuracy after 1, 5 and 10 HSIC epochs',
  paperReference: 'Fig. 5 of the AAAI paper (assets fig5a/fig5b-varied-epoch)',
  variants: [variant(1, [85.54, 88.02]), variant(5, [94.13, 94.28]), variant(10, [95.44, 95.51])],
  shrink: (config) => ({
    ...config, data: { ...config.data, ...QUICK_DATA },
    hsic: { ...config.hsic!, epochs: Math.max(1, Math.round((config.hsic!.epochs ?? 1) / 5)) }, format: { ...config.format!, epochs: 2 },
  }),
  findings: (accuracy) => {
    const last = [...accuracy.values()].map((a) => a.last);
    const rising = last.every((v, i) => i === 0 || v >= last[i - 1]);
    return [`More HSIC epochs give a better readout (as in the paper): ${rising ? 'yes' : 'no'} (${last.map((v) => v.toFixed(2)).join(' → ')} %).`];
  },
});
