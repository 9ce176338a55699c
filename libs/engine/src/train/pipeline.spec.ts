import { loadDataset } from '@hsic/data';
import { tf } from '../tf.js';
import { describeEachBackend } from '../testing/backends.test-util.js';
import { syntheticImageSet } from '../testing/data-builders.test-util.js';
import { deserializeClassifier, serializeClassifier } from '../checkpoint/classifier-checkpoint.js';
import { parseTrainingConfig } from './config.js';
import type { TrainingEvent } from './events.js';
import { runPipeline } from './pipeline.js';
import { PRESETS } from './presets.js';

describe('a short real training run (wasm)', () => {
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
  });

  it('HSIC + format on 512 real MNIST digits beats chance (10 %) by a wide margin, reporting every layer', async () => {
    const config = parseTrainingConfig(PRESETS.smoke);
    const data = await loadDataset('mnist-10k', { limitTrain: config.data.limitTrain, limitTest: config.data.limitTest });
    const events: TrainingEvent[] = [];
    const result = await runPipeline({ config, data, phases: ['hsic', 'format'], backend: 'wasm', listener: (e) => void events.push(e) });
    expect(result.testAccuracy.format).toBeGreaterThan(0.6);
    const batches = events.filter((e) => e.kind === 'batch' && e.phase === 'hsic');
    expect(batches).toHaveLength(2 * 4);
    for (const e of batches) {
      if (e.kind !== 'batch') continue;
      expect(e.layers).toHaveLength(3);
      for (const l of e.layers ?? []) expect(Number.isFinite(l.nhsicX) && Number.isFinite(l.nhsicY)).toBe(true);
    }
    const formatEpochs = events.filter((e) => e.kind === 'epoch' && e.phase === 'format');
    expect(formatEpochs.map((e) => (e.kind === 'epoch' ? e.epoch : -1))).toEqual([0, 1, 2, 3, 4, 5]);
    result.hsicModel?.dispose();
  });
});

describeEachBackend('training bookkeeping', (backend) => {
  const smallConfig = () =>
    parseTrainingConfig({
      data: { dataset: 'mnist-10k' },
      model: { kind: 'mlp', hiddenWidth: 12, hiddenLayers: 1, lastWidth: 4 },
      hsic: { epochs: 4, batchSize: 40, learningRate: 5e-3, sigma: 5, beta: 50 },
      format: { epochs: 2, batchSize: 40, learningRate: 0.1 },
      backprop: { epochs: 2, batchSize: 40, learningRate: 0.1 },
    });
  const data = () => ({ name: 'mnist-10k' as const, train: syntheticImageSet(120, { seed: 1 }), test: syntheticImageSet(40, { seed: 2 }), source: 'synthetic' });

  it('leaks no tensors: tf.memory() is flat across epochs of every phase', async () => {
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    const result = await runPipeline({
      config: smallConfig(), data: data(), phases: ['hsic', 'format', 'backprop'], backend,
      listener: (e) => {
        if (e.kind === 'epoch' && e.epoch > 0) counts.push(tf.memory().numTensors);
      },
    });
    // hsic epochs 1-4, then format and backprop each add their own persistent variables once.
    expect(new Set(counts.slice(0, 4)).size).toBe(1);
    expect(counts[4]).toBe(counts[5]);
    expect(counts[6]).toBe(counts[7]);
    result.hsicModel?.dispose();
    result.backpropModel?.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('backprop monitoring: every block’s nHSIC on every monitorEvery-th batch, none on the others, no leak', async () => {
    const config = smallConfig();
    const monitored = { ...config, backprop: { ...config.backprop!, monitorEvery: 2 } };
    const before = tf.memory().numTensors;
    const events: TrainingEvent[] = [];
    const result = await runPipeline({ config: monitored, data: data(), phases: ['backprop'], backend, listener: (e) => void events.push(e) });
    const batches = events.flatMap((e) => (e.kind === 'batch' ? [e] : []));
    expect(batches).toHaveLength(2 * 3);
    for (const e of batches) {
      if (e.batch % 2 !== 0) {
        expect(e.layers).toBeUndefined();
        continue;
      }
      expect(e.layers?.map((l) => l.layer)).toEqual([0, 1, 2]);
      // nHSIC of a batch of 40 lies in (0, 40); β is 1 in monitoring, so the loss is the difference.
      for (const l of e.layers ?? []) {
        expect(l.nhsicX).toBeGreaterThan(0);
        expect(l.nhsicX).toBeLessThan(40);
        expect(l.nhsicY).toBeGreaterThan(0);
        expect(l.loss).toBeCloseTo(l.nhsicX - l.nhsicY, 4);
      }
    }
    result.backpropModel?.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const lastOnly = { ...config, backprop: { ...config.backprop!, monitorEvery: 1, monitorLayers: 'last' as const } };
    const lastEvents: TrainingEvent[] = [];
    const again = await runPipeline({ config: lastOnly, data: data(), phases: ['backprop'], backend, listener: (e) => void lastEvents.push(e) });
    const lastLayers = lastEvents.flatMap((e) => (e.kind === 'batch' ? [e.layers] : []));
    expect(lastLayers.map((layers) => layers?.map((l) => l.layer))).toEqual(Array.from({ length: 6 }, () => [2]));
    again.backpropModel?.dispose();
  });

  it('an MLP given by its widths with affine BatchNorms (the needle net’s form): HSIC steps γ and β, a checkpoint keeps them', async () => {
    const needle = parseTrainingConfig({ ...smallConfig(), model: { kind: 'mlp', widths: [16, 8, 4, 1], batchNorm: 'affine', activation: 'tanh' } });
    const result = await runPipeline({ config: needle, data: data(), phases: ['hsic', 'format'], backend });
    const model = result.hsicModel!;
    expect(model.nets[0].blocks.map((b) => b.parameters.length)).toEqual([4, 4, 4, 4]);
    expect(model.nets[0].outputSize).toBe(1);
    const gammas = model.nets[0].blocks.map((b) => Array.from(b.parameters[2].dataSync()));
    expect(gammas.flat().some((g) => Math.abs(g - 1) > 1e-6)).toBe(true);
    const loaded = deserializeClassifier(serializeClassifier(model));
    expect(loaded.model.architecture).toMatchObject({ widths: [16, 8, 4, 1], batchNorm: 'affine' });
    expect(loaded.model.nets[0].blocks.map((b) => Array.from(b.parameters[2].dataSync()))).toEqual(gammas);
    const x = tf.tensor2d(data().test.images, [40, 36]);
    expect(Array.from(loaded.model.predict(x).labels)).toEqual(Array.from(model.predict(x).labels));
    tf.dispose([x]);
    model.dispose();
    loaded.model.dispose();
  });

  it('round-trips a checkpoint through bytes with identical predictions; corruption is a clear error', async () => {
    const result = await runPipeline({ config: smallConfig(), data: data(), phases: ['hsic', 'format'], backend });
    const model = result.hsicModel!;
    const x = tf.tensor2d(data().test.images, [40, 36]);
    const expected = model.predict(x);
    const bytes = serializeClassifier(model, { note: 'test' });
    const loaded = deserializeClassifier(bytes);
    const actual = loaded.model.predict(x);
    expect(Array.from(actual.labels)).toEqual(Array.from(expected.labels));
    expect(actual.probabilities.map((r) => Array.from(r))).toEqual(expected.probabilities.map((r) => Array.from(r)));
    expect(loaded.header.extra).toEqual({ note: 'test' });
    expect(loaded.header.kind).toBe('format');

    const corrupt = bytes.slice();
    corrupt[corrupt.length - 100] ^= 0xff;
    expect(() => deserializeClassifier(corrupt)).toThrow(/checksum does not match/);
    expect(() => deserializeClassifier(bytes.subarray(0, bytes.length - 10))).toThrow(/checksum does not match|corrupt/);
    expect(() => deserializeClassifier(new TextEncoder().encode('{"not":"a checkpoint"}'.padEnd(80)))).toThrow(/not an HSIC Studio checkpoint/);
    model.dispose();
    loaded.model.dispose();
    x.dispose();
  });
});
