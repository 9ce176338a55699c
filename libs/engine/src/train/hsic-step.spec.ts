import { tf, type Tensor2D } from '../tf.js';
import { describeEachBackend, relativeVectorError } from '../testing/backends.test-util.js';
import { syntheticImageSet } from '../testing/data-builders.test-util.js';
import { nhsic, oneHot } from '../hsic/estimators.js';
import { prepareBatchTargets } from '../hsic/layer-objective.js';
import { HsicNetwork } from '../model/network.js';
import type { MlpArchitecture } from '../model/architecture.js';
import { loadBatch, oneHotLabels, planBatches } from './batches.js';
import { hsicPhaseSchema } from './config.js';
import { parallelHsicStep, sequentialHsicStep } from './hsic-step.js';
import { Sgd } from './sgd.js';

const architecture: MlpArchitecture = {
  kind: 'mlp', inputShape: [6, 6, 1], hiddenWidth: 8, hiddenLayers: 1, lastWidth: 6, activation: 'relu', classes: 4, init: 'pytorch',
};
const settings = (overrides: object = {}) => hsicPhaseSchema.parse({ epochs: 1, batchSize: 32, learningRate: 0.01, sigma: 5, beta: 50, ...overrides });

function batchOf(count: number) {
  const set = syntheticImageSet(count);
  const batch = loadBatch(set, planBatches(count, 0, { batchSize: count, shuffle: false, seed: 0 })[0]);
  const targets = prepareBatchTargets(batch.x, oneHotLabels(batch.labels, 4), { sigma: 5, beta: 50 });
  return { batch, targets };
}

describeEachBackend('HSIC steps', () => {
  it("'reference' running statistics receive L+1 updates per minibatch, 'single-pass' one", () => {
    const { batch, targets } = batchOf(32);
    for (const [mode, updates] of [['reference', 4], ['single-pass', 1]] as const) {
      const net = HsicNetwork.create(architecture, 3);
      const frozen = new Sgd({ learningRate: 0, weightDecay: 0, momentum: 0 });
      const [weight, bias] = net.blocks[0].parameters;
      const batchMean = tf.tidy(() => tf.moments(tf.add(tf.matMul(batch.x, weight as Tensor2D), bias), [0]).mean);
      sequentialHsicStep(net, batch.x, targets, frozen, settings({ runningStats: mode }));
      const expected = Array.from(batchMean.dataSync()).map((v) => (1 - 0.9 ** updates) * v);
      expect(relativeVectorError(net.blocks[0].norms[0].runningMean.dataSync(), expected)).toBeLessThan(1e-5);
      net.dispose();
    }
  });

  it.each(['sequential', 'parallel'] as const)("%s: block 0's update is −lr·(∂L₀/∂θ₀ + wd·θ₀), L₀ by autodiff through nHSIC", (schedule) => {
    const { batch, targets } = batchOf(32);
    const net = HsicNetwork.create(architecture, 5);
    const block = net.blocks[0];
    const [weight, bias] = block.parameters;
    const before = [weight.dataSync().slice(), bias.dataSync().slice()];
    const y = oneHot(Array.from(batch.labels), 4);
    const { grads } = tf.variableGrads(() => {
      const z = block.forward(batch.x, 'train').output as Tensor2D;
      return tf.sub(nhsic(z, batch.x, 5), tf.mul(nhsic(z, y, 5), 50)) as tf.Scalar;
    }, [weight, bias]);
    const lr = 0.01;
    const wd = 1e-3;
    const sgd = new Sgd({ learningRate: lr, weightDecay: wd, momentum: 0 });
    if (schedule === 'sequential') sequentialHsicStep(net, batch.x, targets, sgd, settings());
    else parallelHsicStep(net, batch.x, targets, sgd);
    const expectedWeight = before[0].map((w, i) => w - lr * (grads[weight.name].dataSync()[i] + wd * w));
    const actualStep = weight.dataSync().map((w, i) => w - before[0][i]);
    const expectedStep = expectedWeight.map((w, i) => w - before[0][i]);
    expect(relativeVectorError(actualStep, expectedStep)).toBeLessThan(2e-3);
    net.dispose();
  });

  it('momentum persists across steps when asked for', () => {
    const v = tf.variable(tf.tensor1d([1]));
    const sgd = new Sgd({ learningRate: 0.1, weightDecay: 0, momentum: 0.9 });
    const g = tf.tensor1d([1]);
    sgd.step([[v, g]]);
    sgd.step([[v, g]]);
    // steps: 0.1·1, then 0.1·(0.9·1 + 1)
    expect(v.dataSync()[0]).toBeCloseTo(1 - 0.1 - 0.19, 6);
  });
});
