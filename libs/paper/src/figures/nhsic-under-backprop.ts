import type { Activation } from '@hsic/engine';
import { backpropMonitoringFigure, yesNo, type MonitoredNet, type MonitoringSummary } from './backprop-monitoring.js';

type Summaries = readonly { net: MonitoredNet; ours: MonitoringSummary }[];

/** The information-bottleneck reading the paper gives Fig. 2: backprop lowers nHSIC(X, Z_L) and raises nHSIC(Y, Z_L). */
function bottleneckFinding(summaries: Summaries): string {
  const falls = summaries.filter(({ ours }) => ours.nhsicX[1] < ours.nhsicX[0]).length;
  const rises = summaries.filter(({ ours }) => ours.nhsicY[1] > ours.nhsicY[0]).length;
  return `Backprop lowers nHSIC(X, Z_L) and raises nHSIC(Y, Z_L), as in the paper: X falls for ${falls} of ${summaries.length} nets, Y rises for ${rises} of ${summaries.length}.`;
}

const lowest = (summaries: Summaries, value: (s: MonitoringSummary) => number) => summaries.reduce((a, b) => (value(b.ours) < value(a.ours) ? b : a)).net.label;

const activationNet = (activation: Activation, paper: MonitoredNet['paper']): MonitoredNet => ({ id: activation, label: activation, activation, depth: 5, paper });

/** Fig. 2a–c: the 7-layer MLP under backprop with four activations. */
export const ACTIVATIONS_FIGURE = backpropMonitoringFigure({
  id: 'activations',
  title: 'nHSIC of the last hidden layer during backprop, by activation',
  paperReference: 'Fig. 2a–c of the AAAI paper (assets fig2{a,b,c}-varied-activation)',
  nets: [
    activationNet('relu', { nhsicX: [28.6, 23.6], nhsicY: [5.6, 8.1], trainAccuracy: 96.2 }),
    activationNet('tanh', { nhsicX: [29.3, 23.8], nhsicY: [6.2, 7.5], trainAccuracy: 94.9 }),
    activationNet('elu', { nhsicX: [33.5, 29.4], nhsicY: [6.7, 7.8], trainAccuracy: 95.9 }),
    activationNet('sigmoid', { nhsicX: [18.0, 9.5], nhsicY: [4.3, 5.5], trainAccuracy: 90.0 }),
  ],
  findings: (summaries) => {
    const leastY = lowest(summaries, (s) => s.nhsicY[1]);
    const leastAccurate = lowest(summaries, (s) => s.trainAccuracy);
    return [
      bottleneckFinding(summaries),
      `The net least dependent on Y at the end is the least accurate one (the paper: sigmoid for both): ours ${leastY} and ${leastAccurate} — ${yesNo(leastY === leastAccurate)}.`,
    ];
  },
});

const DEPTHS: readonly [number, MonitoredNet['paper']][] = [
  [5, { nhsicX: [28.6, 23.6], nhsicY: [5.6, 8.15], trainAccuracy: 96.2 }],
  [10, { nhsicX: [26.2, 19.9], nhsicY: [4.6, 8.34], trainAccuracy: 97.1 }],
  [15, { nhsicX: [24.9, 17.7], nhsicY: [3.9, 8.39], trainAccuracy: 97.1 }],
  [20, { nhsicX: [22.8, 15.9], nhsicY: [3.4, 8.29], trainAccuracy: 95.7 }],
];

/** Fig. 2d–f: the same net (relu) 5, 10, 15 and 20 hidden layers deep. */
export const DEPTHS_FIGURE = backpropMonitoringFigure({
  id: 'depths',
  title: 'nHSIC of the last hidden layer during backprop, by depth',
  paperReference: 'Fig. 2d–f of the AAAI paper (assets fig2{d,e,f}-varied-depth)',
  nets: DEPTHS.map(([depth, paper]) => ({ id: `depth-${depth}`, label: `depth ${depth}`, activation: 'relu', depth, paper })),
  monitorLayers: 'last',
  findings: (summaries) => {
    const firstY = summaries.map(({ ours }) => ours.nhsicY[0]);
    const falling = firstY.every((v, i) => i === 0 || v <= firstY[i - 1]);
    return [
      bottleneckFinding(summaries),
      `Deeper nets start less dependent on Y (the paper: 5.6 → 4.6 → 3.9 → 3.4): ours ${firstY.map((v) => v.toFixed(2)).join(' → ')} — ${yesNo(falling)}.`,
    ];
  },
});
