import { classOutputStatistics, greedyMapping, meanPerClassRecall, plainAccuracy, predictWithMapping } from './unformatted-readout.js';

/** Outputs where class c lights up unit perm[c] (plus noise), as an HSIC net's 10-wide last layer does. */
function outputs(labels: number[], perm: number[], units: number, noise = 0.1): Float32Array {
  const out = new Float32Array(labels.length * units);
  labels.forEach((c, i) => {
    for (let u = 0; u < units; u++) out[i * units + u] = noise * ((i * 7 + u * 3) % 5) / 5;
    out[i * units + perm[c]] += 1;
  });
  return out;
}

describe('unformatted readout', () => {
  const perm = [6, 4, 0, 2, 8, 9, 3, 7, 5, 1];
  const labels = Array.from({ length: 200 }, (_, i) => i % 10);

  it('recovers the class → unit permutation greedily and scores it', () => {
    const out = outputs(labels, perm, 10);
    const mapping = greedyMapping(out, labels, 10);
    expect(mapping).toEqual(perm);
    expect(meanPerClassRecall(out, labels, mapping)).toBe(1);
    expect(plainAccuracy(predictWithMapping(out, labels.length, mapping), labels)).toBe(1);
  });

  it('assigns greedily in class order, never reusing a unit', () => {
    // Classes 0 and 1 both prefer unit 3; class 0 comes first and takes it.
    const out = outputs(labels, [3, 3, 0, 2, 8, 9, 1, 7, 5, 6], 10);
    const mapping = greedyMapping(out, labels, 10);
    expect(mapping[0]).toBe(3);
    expect(mapping[1]).not.toBe(3);
    expect(new Set(mapping).size).toBe(10);
  });

  it('terminates on all-zero outputs (the reference loops forever there)', () => {
    const mapping = greedyMapping(new Float32Array(200 * 10), labels, 10);
    expect(new Set(mapping).size).toBe(10);
  });

  it('scores a train-fitted mapping on a test set whose errors it did not see', () => {
    const test = outputs(labels, perm, 10);
    // Swap the strongest units of two test samples of class 0 to unit 0 (class 2's).
    test[0 * 10 + 0] += 2;
    test[10 * 10 + 0] += 2;
    const predictions = predictWithMapping(test, labels.length, perm);
    expect(plainAccuracy(predictions, labels)).toBeCloseTo(198 / 200, 10);
    expect(predictions[0]).toBe(2);
  });

  it('refuses a net narrower than the number of classes', () => {
    expect(() => greedyMapping(new Float32Array(200 * 8), labels, 10)).toThrow(/at least 10 output units, the net has 8/);
  });

  it('per-class output statistics: each class’s mean peaks on its own unit; std is the population deviation', () => {
    const stats = classOutputStatistics(outputs(labels, perm, 10), labels, 10);
    expect(stats.mean).toHaveLength(10);
    stats.mean.forEach((row, c) => expect(row.indexOf(Math.max(...row))).toBe(perm[c]));
    const twoClasses = classOutputStatistics(Float32Array.from([1, 0, 3, 0, 5, 2]), [0, 0, 1], 2);
    expect(twoClasses.mean).toEqual([[2, 0], [5, 2]]);
    expect(twoClasses.std).toEqual([[1, 0], [0, 0]]);
  });
});
