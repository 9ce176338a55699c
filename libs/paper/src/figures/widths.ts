import { formatAfterHsicFigure, QUICK_DATA, type FormatVariant } from './format-after-hsic.js';

/** The reference's varied-dim config (HSIC.md §2.1): width 8/32/64 throughout, σ 5, β 50, batch 256, HSIC lr 2e-4, format lr 0.01. */
const variant = (width: number, paper: [number, number]): FormatVariant => ({
  id: `width-${width}`,
  label: `width ${width}`,
  paper,
  config: {
    data: { dataset: 'mnist' },
    model: { kind: 'mlp', hiddenWidth: width, hiddenLayers: 5, lastWidth: width, activation: 'relu', init: 'pytorch' },
    hsic: { epochs: 5, batchSize: 256, learningRate: 2e-4, sigma: 5, beta: 50 },
    format: { epochs: 5, batchSize: 256, learningRate: 0.01 },
  },
});

/** Fig. 6a: the width of the HSIC net. */
export const WIDTHS_FIGURE = formatAfterHsicFigure({
  id: 'widths',
  title: 'Format-trained accuracy of HSIC nets 8, 32 and 64 wide',
  paperReference: 'Fig. 6a of the AAAI paper (assets fig6a-varied-dim)',
  variants: [variant(8, [45.97, 87.14]), variant(32, [94.09, 94.48]), variant(64, [95.31, 95.35])],
  shrink: (config) => ({ ...config, data: { ...config.data, ...QUICK_DATA }, hsic: { ...config.hsic!, epochs: 1 }, format: { ...config.format!, epochs: 2 } }),
  findings: (accuracy) => {
    const last = [...accuracy.values()].map((a) => a.last);
    const rising = last.every((v, i) => i === 0 || v >= last[i - 1]);
    return [`Wider nets give a better readout (as in the paper): ${rising ? 'yes' : 'no'} (${last.map((v) => v.toFixed(2)).join(' → ')} %).`];
  },
});
