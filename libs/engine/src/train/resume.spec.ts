import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf.js';
import { syntheticImageSet } from '../testing/data-builders.test-util.js';
import { resumeFromCheckpoints, snapshotToCheckpoints, type SnapshotCheckpoints } from '../checkpoint/snapshot-checkpoint.js';
import { parseTrainingConfig } from './config.js';
import { TrainingCancelledError, type TrainingEvent } from './events.js';
import { runPipeline } from './pipeline.js';

const config = parseTrainingConfig({
  data: { dataset: 'mnist-10k' },
  model: { kind: 'mlp', hiddenWidth: 10, hiddenLayers: 1, lastWidth: 6 },
  hsic: { epochs: 3, batchSize: 30, learningRate: 5e-3, sigma: 5, beta: 50 },
  format: { epochs: 3, batchSize: 30, learningRate: 0.1 },
  backprop: { epochs: 2, batchSize: 30, learningRate: 0.1 },
});
const data = { name: 'mnist-10k' as const, train: syntheticImageSet(90, { seed: 1 }), test: syntheticImageSet(30, { seed: 2 }), source: 'synthetic' };
const phases = ['hsic', 'format', 'backprop'] as const;

function weights(model: { namedVariables(): [string, tf.Variable][] } | undefined): number[] {
  return (model?.namedVariables() ?? []).flatMap(([, v]) => Array.from(v.dataSync()));
}

describe('resuming from a snapshot (wasm)', () => {
  beforeAll(() => tf.setBackend('wasm'));

  it.each([
    ['hsic', 2],
    ['format', 1],
    ['backprop', 1],
  ] as const)('interrupted after %s epoch %i, it finishes with exactly the weights of an uninterrupted run', async (phase, epoch) => {
    const full = await runPipeline({ config, data, phases, backend: 'wasm' });

    let saved: SnapshotCheckpoints | undefined;
    const controller = new AbortController();
    await expect(
      runPipeline({
        config, data, phases, backend: 'wasm', signal: controller.signal,
        onSnapshot: (snapshot) => {
          if (snapshot.progress.phase === phase && snapshot.progress.epoch === epoch) {
            saved = snapshotToCheckpoints(snapshot);
            controller.abort();
          }
        },
      }),
    ).rejects.toThrow(TrainingCancelledError);
    expect(saved?.progress).toEqual({ phase, net: 0, epoch });

    const events: TrainingEvent[] = [];
    const resumed = await runPipeline({ config, data, phases, backend: 'wasm', resume: resumeFromCheckpoints(saved!), listener: (e) => void events.push(e) });
    expect(weights(resumed.hsicModel)).toEqual(weights(full.hsicModel));
    expect(weights(resumed.backpropModel)).toEqual(weights(full.backpropModel));
    // Accuracies are reported for the phases this call ran; completed ones were reported before.
    const ran = phase === 'backprop' ? ['backprop'] : ['format', 'backprop'];
    expect(Object.keys(resumed.testAccuracy).sort()).toEqual(ran.sort());
    for (const key of ran) expect(resumed.testAccuracy[key as 'format']).toBe(full.testAccuracy[key as 'format']);
    const firstBatch = events.find((e) => e.kind === 'batch');
    expect(firstBatch).toMatchObject({ phase, epoch: epoch + 1, batch: 0 });
  });

  it('refuses a finished model as a resume point', async () => {
    const { serializeClassifier } = await import('../checkpoint/classifier-checkpoint.js');
    const run = await runPipeline({ config, data, phases: ['hsic', 'format'], backend: 'wasm' });
    expect(() => resumeFromCheckpoints({ hsic: serializeClassifier(run.hsicModel!) })).toThrow(/no training progress/);
  });
});
