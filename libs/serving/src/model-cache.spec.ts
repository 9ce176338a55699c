import { tf } from '@hsic/engine';
import { ModelLoadError, ModelNotFoundError, ModelNotServableError, type ServingError } from './errors.js';
import { InMemoryModelSource } from './in-memory-model-source.js';
import { CountingServingMetrics } from './metrics.js';
import { ModelCache } from './model-cache.js';
import type { ModelSource } from './model-source.js';
import type { ServableModel } from './servable-model.js';
import { patternInputs, untrainedCheckpoint } from './testing/models.test-util.js';
import { tensorCount, useWasmBackend } from './testing/wasm-backend.test-util.js';

beforeAll(useWasmBackend);

/** Three versions with different weights, 'production' on v1. */
function threeVersions(): InMemoryModelSource {
  return new InMemoryModelSource()
    .addVersion('digits', 1, untrainedCheckpoint({ seed: 1 }))
    .addVersion('digits', 2, untrainedCheckpoint({ seed: 2 }))
    .addVersion('digits', 3, untrainedCheckpoint({ seed: 3 }))
    .setAlias('digits', 'production', 1);
}

const probe = patternInputs(1, 16);
function probabilities(model: ServableModel): number[] {
  const x = tf.tensor2d(probe, [1, 16]);
  try {
    return Array.from(model.classifier.predict(x).probabilities[0]);
  } finally {
    x.dispose();
  }
}

describe('ModelCache', () => {
  it('loads a version once for many concurrent requests, then reuses it', async () => {
    const source = threeVersions();
    const cache = new ModelCache(source);
    const versions = await Promise.all(Array.from({ length: 10 }, () => cache.use({ name: 'digits', version: 2 }, (m) => m.version)));
    expect(versions).toEqual(Array(10).fill(2));
    await cache.use({ name: 'digits', version: 2 }, () => undefined);
    expect(source.loads).toBe(1);
    cache.clear();
  });

  it('re-resolves labels and bare names on every request, so moving a label needs no restart', async () => {
    const source = threeVersions();
    const cache = new ModelCache(source);
    const v1 = await cache.use({ name: 'digits', alias: 'production' }, (m) => ({ version: m.version, p: probabilities(m) }));
    source.setAlias('digits', 'production', 2);
    const v2 = await cache.use({ name: 'digits', alias: 'production' }, (m) => ({ version: m.version, p: probabilities(m) }));
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v2.p).not.toEqual(v1.p);
    expect(await cache.use({ name: 'digits' }, (m) => m.version)).toBe(3);
    source.addVersion('digits', 4, untrainedCheckpoint({ seed: 4 }));
    expect(await cache.use({ name: 'digits' }, (m) => m.version)).toBe(4);
    cache.clear();
  });

  it('keeps at most maxModels versions, disposing evicted ones: the tensor count stays flat', async () => {
    const before = tensorCount();
    const metrics = new CountingServingMetrics();
    const cache = new ModelCache(threeVersions(), { maxModels: 2, metrics });
    await cache.use({ name: 'digits', version: 1 }, () => undefined);
    const oneModel = tensorCount() - before;
    expect(oneModel).toBeGreaterThan(0);
    for (let round = 0; round < 3; round++) {
      for (const version of [1, 2, 3]) await cache.use({ name: 'digits', version }, () => undefined);
      expect(tensorCount()).toBe(before + 2 * oneModel);
    }
    expect(cache.loadedVersions('digits')).toEqual([2, 3]);
    expect(metrics.evictions).toBe(7);
    expect(metrics.loads).toBe(9);
    cache.clear();
    expect(tensorCount()).toBe(before);
  });

  it('disposes a model evicted while a request uses it only when that request ends', async () => {
    const before = tensorCount();
    const cache = new ModelCache(threeVersions(), { maxModels: 1 });
    const seen = await cache.use({ name: 'digits', version: 1 }, async (first) => {
      await cache.use({ name: 'digits', version: 2 }, () => undefined);
      expect(cache.loadedVersions('digits')).toEqual([2]);
      return probabilities(first);
    });
    expect(seen).toHaveLength(3);
    cache.clear();
    expect(tensorCount()).toBe(before);
  });

  it('404s name what was asked and list what exists', async () => {
    const cache = new ModelCache(threeVersions());
    const ask = (ref: Parameters<ModelCache['use']>[0]) => catchAsync(cache.use(ref, () => undefined));
    expect(await ask({ name: 'nope' })).toMatchObject({ status: 404, message: 'no model named "nope"', modelName: 'nope' });
    expect(await ask({ name: 'digits', version: 9 })).toMatchObject({ status: 404, message: 'model "digits" version 9 does not exist (versions: 1, 2, 3)' });
    const label = await ask({ name: 'digits', alias: 'canary' });
    expect(label).toBeInstanceOf(ModelNotFoundError);
    expect(label.message).toBe('model "digits" label "canary" does not exist (labels: production→v1)');
  });

  it('refuses a checkpoint whose bytes do not match the stored checksum, and retries a failed load next time', async () => {
    const good = threeVersions();
    let corrupt = true;
    const tampered: ModelSource = {
      describe: (name) => good.describe(name),
      resolve: async (ref) => {
        const resolved = await good.resolve(ref);
        if (!resolved) return null;
        return { ...resolved, load: async () => (corrupt ? untrainedCheckpoint({ seed: 99 }) : resolved.load()) };
      },
    };
    const cache = new ModelCache(tampered);
    const error = await catchAsync(cache.use({ name: 'digits', version: 1 }, () => undefined));
    expect(error).toBeInstanceOf(ModelLoadError);
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/^model digits v1 could not be loaded: its checkpoint's SHA-256 is [0-9a-f]{64}, the store records [0-9a-f]{64}$/);
    corrupt = false;
    await expect(cache.use({ name: 'digits', version: 1 }, (m) => m.version)).resolves.toBe(1);
    cache.clear();
  });

  it('500s on bytes that are not a checkpoint, with the engine\'s reason', async () => {
    const source = new InMemoryModelSource().addVersion('junk', 1, new TextEncoder().encode('{"not":"a checkpoint"}'.padEnd(80)));
    const error = await catchAsync(new ModelCache(source).use({ name: 'junk' }, () => undefined));
    expect(error).toMatchObject({ status: 500, code: 'model_load_failed' });
    expect(error.message).toMatch(/^model junk v1 could not be loaded: .*not an HSIC Studio checkpoint/);
  });

  it('409s a version holding HSIC nets without a readout, leaking nothing', async () => {
    const before = tensorCount();
    const source = new InMemoryModelSource().addVersion('raw', 1, untrainedCheckpoint({ kind: 'hsic' }));
    const error = await catchAsync(new ModelCache(source).use({ name: 'raw' }, () => undefined));
    expect(error).toBeInstanceOf(ModelNotServableError);
    expect(error).toMatchObject({ status: 409, message: 'model raw v1 holds HSIC-trained nets without a readout, so it cannot classify yet; format-train it first' });
    expect(tensorCount()).toBe(before);
  });
});

async function catchAsync(promise: Promise<unknown>): Promise<ServingError> {
  try {
    await promise;
  } catch (error) {
    return error as ServingError;
  }
  throw new Error('expected a rejection');
}
