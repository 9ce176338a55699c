import type { ImageSet } from '@hsic/data';
import type { HsicNetwork } from '../model/network.js';
import type { UnformattedAccuracy } from './events.js';
import { collectNetworkOutputs } from './features.js';

/**
 * Reading class predictions straight off an HSIC net whose last block is as wide as the number of
 * classes: training concentrates each class on one output unit, in an order it chooses.
 */

/** Per-class mean output, [classes][units]. */
function classMeans(outputs: Float32Array, labels: ArrayLike<number>, classes: number, units: number): number[][] {
  const sums = Array.from({ length: classes }, () => new Array<number>(units).fill(0));
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    counts[c]++;
    for (let u = 0; u < units; u++) sums[c][u] += outputs[i * units + u];
  }
  return sums.map((row, c) => row.map((v) => (counts[c] ? v / counts[c] : 0)));
}

/**
 * The reference's greedy assignment: classes in order 0, 1, …, each takes the unit with the
 * largest mean output among those not yet taken. Returns class → unit. (The reference zeroes taken
 * entries and loops, which never ends if all remaining means are 0; excluding them cannot hang.)
 */
export function greedyMapping(outputs: Float32Array, labels: ArrayLike<number>, classes: number): number[] {
  const units = outputs.length / labels.length;
  if (units < classes) throw new Error(`unformatted readout needs at least ${classes} output units, the net has ${units}`);
  const means = classMeans(outputs, labels, classes, units);
  const taken = new Set<number>();
  return means.map((row) => {
    let best = -1;
    for (let u = 0; u < units; u++) if (!taken.has(u) && (best < 0 || row[u] > row[best])) best = u;
    taken.add(best);
    return best;
  });
}

function argmaxUnits(outputs: Float32Array, units: number, i: number): number {
  let best = 0;
  for (let u = 1; u < units; u++) if (outputs[i * units + u] > outputs[i * units + best]) best = u;
  return best;
}

/** Predicted class per sample: the class mapped to the sample's strongest unit (−1 if none is). */
export function predictWithMapping(outputs: Float32Array, count: number, mapping: readonly number[]): Int32Array {
  const units = outputs.length / count;
  const unitToClass = new Map(mapping.map((unit, c) => [unit, c]));
  const predictions = new Int32Array(count);
  for (let i = 0; i < count; i++) predictions[i] = unitToClass.get(argmaxUnits(outputs, units, i)) ?? -1;
  return predictions;
}

/** The reference's score: unweighted mean over classes of the fraction whose argmax is the class's unit. */
export function meanPerClassRecall(outputs: Float32Array, labels: ArrayLike<number>, mapping: readonly number[]): number {
  const predictions = predictWithMapping(outputs, labels.length, mapping);
  const hits = new Array<number>(mapping.length).fill(0);
  const counts = new Array<number>(mapping.length).fill(0);
  for (let i = 0; i < labels.length; i++) {
    counts[labels[i]]++;
    if (predictions[i] === labels[i]) hits[labels[i]]++;
  }
  const present = counts.map((n, c) => (n ? hits[c] / n : -1)).filter((r) => r >= 0);
  return present.reduce((a, b) => a + b, 0) / present.length;
}

export function plainAccuracy(predictions: Int32Array, labels: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) hits++;
  return hits / labels.length;
}

/** Mean and standard deviation of each output unit over each class's samples, [class][unit]. */
export interface ClassOutputStatistics {
  readonly mean: readonly (readonly number[])[];
  readonly std: readonly (readonly number[])[];
}

export function classOutputStatistics(outputs: Float32Array, labels: ArrayLike<number>, classes: number): ClassOutputStatistics {
  const units = outputs.length / labels.length;
  const mean = classMeans(outputs, labels, classes, units);
  const squares = Array.from({ length: classes }, () => new Array<number>(units).fill(0));
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    counts[c]++;
    for (let u = 0; u < units; u++) squares[c][u] += (outputs[i * units + u] - mean[c][u]) ** 2;
  }
  return { mean, std: squares.map((row, c) => row.map((v) => (counts[c] ? Math.sqrt(v / counts[c]) : 0))) };
}

/**
 * How an unformatted net spreads each class over its output units (the paper's Fig. 3): on the test set, every
 * batch normalised by its own statistics, as the reference's accuracy reads them.
 */
export function unformattedClassOutputs(network: HsicNetwork, test: ImageSet, evalBatchSize: number): ClassOutputStatistics {
  return classOutputStatistics(collectNetworkOutputs(network, test, 'train', evalBatchSize), test.labels, test.classNames.length);
}

/**
 * Three numbers for an unformatted net: the reference's (test batches normalised by their own
 * statistics, mapping fitted on the test labels), the honest one under the same normalisation
 * (mapping fitted on training data), and the served one (running statistics, train-fitted mapping).
 */
export function evaluateUnformatted(network: HsicNetwork, train: ImageSet, test: ImageSet, evalBatchSize: number): UnformattedAccuracy {
  const classes = train.classNames.length;
  const score = (mode: 'train' | 'eval') => {
    const testOutputs = collectNetworkOutputs(network, test, mode, evalBatchSize);
    const mapping = greedyMapping(collectNetworkOutputs(network, train, mode, evalBatchSize), train.labels, classes);
    return { testOutputs, mapping, accuracy: plainAccuracy(predictWithMapping(testOutputs, test.count, mapping), test.labels) };
  };
  const batchStatistics = score('train');
  const served = score('eval');
  const sameSplit = meanPerClassRecall(batchStatistics.testOutputs, test.labels, greedyMapping(batchStatistics.testOutputs, test.labels, classes));
  return { sameSplit, trainFitted: batchStatistics.accuracy, served: served.accuracy, mapping: served.mapping };
}
