import { tf, type Tensor2D } from '../tf.js';
import { describeEachBackend, relativeVectorError } from '../testing/backends.test-util.js';
import { syntheticImageSet } from '../testing/data-builders.test-util.js';
import { nhsic, oneHot } from '../hsic/estimators.js';
import { prepareBatchTargets } from '../hsic/layer-objective.js';
import { HsicNetwork } from '../model/network.js';
import type { MlpArchitecture, ResconvArchitecture } from '../model/architecture.js';
import { registerWasmConvKernels } from '../backend/wasm-conv-kernels.js';
import { loadBatch, oneHotLabels, planBatches } from './batches.js';
import { hsicPhaseSchema } from './config.js';
import { parallelHsicStep, sequentialHsicStep } from './hsic-step.js';
import { Sgd } from './sgd.js';

const architecture: MlpArchitecture = {
  kind: 'mlp', inputShape: [6, 6, 1], hiddenWidth: 8, hiddenLayers: 1, lastWidth: 6, activation: 'relu', classes: 4, init: 'pytorch',
};
const settings = (overrides: object = {}) => hsicPhaseSchema.parse({ epochs: 1, batchSize: 32, learningRate: 0.01, sigma: 5, beta: 50, ...overrides });

function batchOf(count: number, side = 6) {
  const set = syntheticImageSet(count, { side });
  const batch = loadBatch(set, planBatches(count, 0, { batchSize: count, shuffle: false, seed: 0 })[0]);
  const targets = prepareBatchTargets(batch.x, oneHotLabels(batch.labels, 4), { sigma: 5, beta: 50 });
  return { batch, targets };
}

describeEachBackend('HSIC steps', (backend) => {
  beforeAll(() => {
    if (backend === 'wasm') registerWasmConvKernels();
  });

  it("the cached-forward schedule ('single-pass') leaves the residual net's weights where the re-run one ('reference') does", () => {
    const resconv: ResconvArchitecture = { kind: 'resconv', inputShape: [13, 13, 1], channels: 4, residualBlocks: 2, denseWidth: 8, activation: 'relu', classes: 4, init: 'pytorch' };
    const { batch, targets } = batchOf(32, 13);
    const trained = (['reference', 'single-pass'] as const).map((mode) => {
      const net = HsicNetwork.create(resconv, 7);
      const before = net.blocks.map((block) => block.parameters.map((v) => v.dataSync().slice()));
      sequentialHsicStep(net, batch.x, targets, new Sgd({ learningRate: 0.05, weightDecay: 1e-3, momentum: 0 }), settings({ runningStats: mode }));
      const steps = net.blocks.map((block, j) => block.parameters.map((v, k) => v.dataSync().map((w, i) => w - before[j][k][i])));
      net.dispose();
      return steps;
    });
    const [reference, cached] = trained;
    for (let j = 0; j < reference.length; j++) {
      // Every block moved, and by the same step under both schedules (filters; biases are ~0 under BatchNorm).
      expect(Math.max(...Array.from(reference[j][0], Math.abs))).toBeGreaterThan(1e-6);
      expect(relativeVectorError(cached[j][0], reference[j][0])).toBeLessThan(1e-4);
    }
    targets.dispose();
  });

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
