import { tf, initBackend } from '@hsic/engine';
import * as E from '@hsic/engine';
import { loadDataset } from '@hsic/data';
await initBackend();
const config = E.parseTrainingConfig(E.PRESETS['general-fmnist']);
const data = await loadDataset('fashion-mnist', { limitTrain: 1024, limitTest: 100 });
const arch = E.architectureFor(config, data);
const net = E.HsicNetwork.create(arch, 1234);
const sgd = new E.Sgd(config.hsic);
const batch = E.loadBatch(data.train, Int32Array.from({ length: 512 }, (_, i) => i));
const y = E.oneHotLabels(batch.labels, 10);
let t = performance.now();
const targets = E.prepareBatchTargets(batch.x, y, { sigma: 5, beta: 50 });
console.log('targets ms', (performance.now() - t).toFixed(1));
for (let i = 0; i < 2; i++) { t = performance.now(); E.sequentialHsicStep(net, batch.x, targets, sgd, config.hsic); console.log('step ms', (performance.now() - t).toFixed(1)); }
const z = tf.relu(tf.randomNormal([512, 128]));
t = performance.now(); for (let i = 0; i < 5; i++) { const o = E.layerObjective(z, targets); o.gradient.dispose(); } console.log('layerObjective ms', ((performance.now() - t) / 5).toFixed(1));
t = performance.now(); const s = E.centredGaussianKernel(z, 5); for (let i = 0; i < 5; i++) { E.spdInverseNoGrad(s.centred, 0.00512).dispose(); } console.log('inverse ms', ((performance.now() - t) / 5).toFixed(1));
const prof = await tf.profile(() => { E.sequentialHsicStep(net, batch.x, targets, sgd, config.hsic); });
const byName = {}; for (const k of prof.kernels) { byName[k.name] = (byName[k.name] ?? 0) + k.kernelTimeMs; }
const total = Object.values(byName).reduce((a, b) => a + b, 0);
console.log('kernel total', total.toFixed(0), Object.entries(byName).sort((a, b) => b[1] - a[1]).slice(0, 16).map(([k, v]) => `${k}:${v.toFixed(1)}`).join(' '), 'kernels', prof.kernels.length);
