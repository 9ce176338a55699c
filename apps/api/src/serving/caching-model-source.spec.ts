import { InMemoryModelSource, type ModelRef, type ResolvedModel } from '@hsic/serving';
import { CachingModelSource } from './caching-model-source.js';

/** An InMemoryModelSource that counts resolutions and can be made to fail. */
class CountingSource extends InMemoryModelSource {
  resolutions = 0;
  failing = false;
  override async resolve(ref: ModelRef): Promise<ResolvedModel | null> {
    this.resolutions++;
    if (this.failing) throw new Error('database unreachable');
    return super.resolve(ref);
  }
}

const bytes = (n: number) => new Uint8Array([n, n, n]);
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('CachingModelSource', () => {
  let clock: number;
  let inner: CountingSource;
  let errors: unknown[];
  let source: CachingModelSource;

  beforeEach(() => {
    clock = 0;
    inner = new CountingSource().addVersion('m', 1, bytes(1)).addVersion('m', 2, bytes(2)).setAlias('m', 'production', 1);
    errors = [];
    source = new CachingModelSource(inner, 1000, (error) => errors.push(error), () => clock);
  });

  it('answers a ref from memory until it is stale, then refreshes it once in the background', async () => {
    expect((await source.resolve({ name: 'm', alias: 'production' }))?.version).toBe(1);
    inner.setAlias('m', 'production', 2);
    expect((await source.resolve({ name: 'm', alias: 'production' }))?.version).toBe(1);
    expect(inner.resolutions).toBe(1);

    clock = 1500;
    const [first, second] = await Promise.all([source.resolve({ name: 'm', alias: 'production' }), source.resolve({ name: 'm', alias: 'production' })]);
    expect([first?.version, second?.version]).toEqual([1, 1]); // stale answers, no waiting
    await flush();
    expect(inner.resolutions).toBe(2); // one refresh for both
    expect((await source.resolve({ name: 'm', alias: 'production' }))?.version).toBe(2);
  });

  it('forgets a model at once when told it changed', async () => {
    await source.resolve({ name: 'm', alias: 'production' });
    inner.setAlias('m', 'production', 2);
    source.invalidate('m');
    expect((await source.resolve({ name: 'm', alias: 'production' }))?.version).toBe(2);
  });

  it('does not remember misses, and keeps serving the last answer while refreshes fail', async () => {
    expect(await source.resolve({ name: 'new' })).toBeNull();
    inner.addVersion('new', 1, bytes(9));
    expect((await source.resolve({ name: 'new' }))?.version).toBe(1);

    await source.resolve({ name: 'm', version: 2 });
    inner.failing = true;
    clock = 5000;
    expect((await source.resolve({ name: 'm', version: 2 }))?.version).toBe(2);
    await flush();
    expect(errors).toHaveLength(1);
  });
});
