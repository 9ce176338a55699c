import { tf, type Tensor2D } from '../tf.js';
import { describeEachBackend, expectNoTensorLeak, relativeError, relativeVectorError, testMatrix } from '../testing/backends.test-util.js';
import { hsicCka, hsicPlain, nhsic, oneHot } from './estimators.js';
import { layerDependence, layerObjective, prepareBatchTargets } from './layer-objective.js';
import { nhsic64, numericGradient, oneHot64 } from './reference64.test-util.js';
import { PARITY_BETA, PARITY_EXPECTED, PARITY_SIGMA, parityLabels, parityX, parityZ } from './parity-vectors.test-util.js';

// HSIC.md §1.6: float32 is expected to agree with the float64 vectors to about 1e-4 relative.
const TOLERANCE = 1e-4;

describeEachBackend('nHSIC parity with HSIC.md §1.6', () => {
  const inputs = () => ({ x: tf.tensor2d(parityX()), z: tf.tensor2d(parityZ()), y: oneHot(parityLabels(), 3) });

  it('values: nHSIC(Z,X), nHSIC(Z,Y), plain HSIC(Z,X)', () => {
    const { x, z, y } = inputs();
    expect(relativeError(nhsic(z, x, PARITY_SIGMA).dataSync()[0], PARITY_EXPECTED.nhsicZX)).toBeLessThan(TOLERANCE);
    expect(relativeError(nhsic(z, y, PARITY_SIGMA).dataSync()[0], PARITY_EXPECTED.nhsicZY)).toBeLessThan(TOLERANCE);
    expect(relativeError(hsicPlain(z, x, PARITY_SIGMA).dataSync()[0], PARITY_EXPECTED.hsicPlainZX)).toBeLessThan(TOLERANCE);
  });

  it('autodiff gradient of the layer loss', () => {
    const { x, z, y } = inputs();
    const loss = (zz: tf.Tensor) => tf.sub(nhsic(zz as Tensor2D, x, PARITY_SIGMA), tf.mul(nhsic(zz as Tensor2D, y, PARITY_SIGMA), PARITY_BETA));
    const grad = tf.grad(loss)(z).arraySync() as number[][];
    expect(relativeVectorError(grad[0], PARITY_EXPECTED.gradRow0)).toBeLessThan(TOLERANCE);
    expect(relativeVectorError(grad[7], PARITY_EXPECTED.gradRow7)).toBeLessThan(TOLERANCE);
    expect(relativeError(Math.hypot(...grad.flat()), PARITY_EXPECTED.gradNorm)).toBeLessThan(TOLERANCE);
  });

  it('the training path (one solve, hand-derived gradient): values and gradient', async () => {
    const { x, z, y } = inputs();
    const objective = await expectNoTensorLeak(() => {
      const targets = prepareBatchTargets(x, y, { sigma: PARITY_SIGMA, beta: PARITY_BETA });
      const result = layerObjective(z, targets);
      targets.dispose();
      const gradient = result.gradient.arraySync();
      result.gradient.dispose();
      return { ...result, gradient };
    });
    expect(relativeError(objective.nhsicX, PARITY_EXPECTED.nhsicZX)).toBeLessThan(TOLERANCE);
    expect(relativeError(objective.nhsicY, PARITY_EXPECTED.nhsicZY)).toBeLessThan(TOLERANCE);
    expect(relativeError(objective.loss, PARITY_EXPECTED.loss)).toBeLessThan(TOLERANCE);
    expect(relativeVectorError(objective.gradient[0], PARITY_EXPECTED.gradRow0)).toBeLessThan(TOLERANCE);
    expect(relativeVectorError(objective.gradient[7], PARITY_EXPECTED.gradRow7)).toBeLessThan(TOLERANCE);
    expect(relativeError(Math.hypot(...objective.gradient.flat()), PARITY_EXPECTED.gradNorm)).toBeLessThan(TOLERANCE);
  });

  it('the value alone (monitoring) matches the parity vectors, without a gradient or a leak', async () => {
    const { x, z, y } = inputs();
    const dependence = await expectNoTensorLeak(() => {
      const targets = prepareBatchTargets(x, y, { sigma: PARITY_SIGMA, beta: PARITY_BETA });
      const result = layerDependence(z, targets);
      targets.dispose();
      return result;
    });
    expect(Object.keys(dependence).sort()).toEqual(['loss', 'nhsicX', 'nhsicY']);
    expect(relativeError(dependence.nhsicX, PARITY_EXPECTED.nhsicZX)).toBeLessThan(TOLERANCE);
    expect(relativeError(dependence.nhsicY, PARITY_EXPECTED.nhsicZY)).toBeLessThan(TOLERANCE);
    expect(relativeError(dependence.loss, PARITY_EXPECTED.loss)).toBeLessThan(TOLERANCE);
  });

  it('agrees with a float64 reference on a larger random batch (m = 96, blocked solve)', () => {
    const m = 96;
    const xs = testMatrix(m, 20, 1).map((r) => r.map((v) => v + 0.5));
    const zs = testMatrix(m, 12, 2).map((r) => r.map((v) => Math.max(0, 3 * v)));
    const labels = Array.from({ length: m }, (_, i) => (i * 7) % 10);
    const targets = prepareBatchTargets(tf.tensor2d(xs), oneHot(labels, 10), { sigma: 5, beta: 50 });
    const result = layerObjective(tf.tensor2d(zs), targets);
    expect(relativeError(result.nhsicX, nhsic64(zs, xs, 5))).toBeLessThan(1e-3);
    expect(relativeError(result.nhsicY, nhsic64(zs, oneHot64(labels, 10), 5))).toBeLessThan(1e-3);
  });

  it('hand-derived gradient equals autodiff on a random batch', () => {
    const m = 40;
    const x = tf.tensor2d(testMatrix(m, 30, 3));
    const z = tf.tensor2d(testMatrix(m, 6, 4));
    const labels = Array.from({ length: m }, (_, i) => i % 4);
    const y = oneHot(labels, 4);
    const targets = prepareBatchTargets(x, y, { sigma: 2, beta: 10 });
    const hand = layerObjective(z, targets).gradient.dataSync();
    const auto = tf.grad((zz: tf.Tensor) => tf.sub(nhsic(zz as Tensor2D, x, 2), tf.mul(nhsic(zz as Tensor2D, y, 2), 10)))(z).dataSync();
    expect(relativeVectorError(hand, auto)).toBeLessThan(2e-3);
  });

  it('CKA-normalised HSIC of a variable with itself is 1 and lies in [0, 1]', () => {
    const { x, z } = inputs();
    expect(hsicCka(x, x, PARITY_SIGMA).dataSync()[0]).toBeCloseTo(1, 4);
    const value = hsicCka(z, x, PARITY_SIGMA).dataSync()[0];
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(1);
  });

  it('refuses unpaired samples', () => {
    expect(() => nhsic(tf.zeros([4, 2]) as Tensor2D, tf.zeros([5, 2]) as Tensor2D, 1)).toThrow(/paired samples: 4 rows vs 5 rows/);
  });
});

describe('float64 reference', () => {
  it('reproduces the parity vectors (the reference itself is checked)', () => {
    const y = oneHot64(parityLabels(), 3);
    expect(relativeError(nhsic64(parityZ(), parityX(), 5), PARITY_EXPECTED.nhsicZX)).toBeLessThan(1e-8);
    const loss = (z: number[][]) => nhsic64(z, parityX(), 5) - 50 * nhsic64(z, y, 5);
    expect(relativeError(loss(parityZ()), PARITY_EXPECTED.loss)).toBeLessThan(1e-8);
    // The published gradients are central differences at h = 1e-6, where float64 rounding through
    // the ill-conditioned inverse already moves them by ~3e-5; h = 1e-5 is stable to 1e-7.
    expect(relativeVectorError(numericGradient(loss, parityZ(), 1e-5)[0], PARITY_EXPECTED.gradRow0)).toBeLessThan(1e-4);
  });
});

describe('one-hot label projection', () => {
  it('equals the general kernel path (push-through identity) and refuses non-one-hot rows', async () => {
    const { oneHotProjection } = await import('./label-projection.js');
    const { centredKernelFromGram, projectionFromInverse } = await import('./host-kernel.js');
    const { spdInverseHost } = await import('../linalg/spd-inverse.js');
    const m = 40;
    const classes = 5;
    const labels = Array.from({ length: m }, (_, i) => (i * 3) % classes);
    const y = new Float32Array(m * classes);
    labels.forEach((c, i) => (y[i * classes + c] = 1));
    const fast = oneHotProjection(y, m, classes, 5, 4e-4)!;
    const scale = Math.sqrt(2 / (2 * 25 * classes));
    const yt = tf.tensor2d(y, [m, classes]);
    const scaled = tf.mul(tf.sub(yt, tf.mean(yt, 0)), scale) as Tensor2D;
    const gram = tf.matMul(scaled, tf.transpose(scaled)).dataSync() as Float32Array;
    const { centred } = centredKernelFromGram(gram, m);
    const general = projectionFromInverse(spdInverseHost({ rows: m, cols: m, data: centred }, 4e-4).data, m, 4e-4);
    expect(relativeVectorError(fast, general)).toBeLessThan(1e-4);
    y[3] = 0.5;
    expect(oneHotProjection(y, m, classes, 5, 4e-4)).toBeNull();
  });
});
