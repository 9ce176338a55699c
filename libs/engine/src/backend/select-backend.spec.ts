import { tf } from '../tf.js';
import {
  getBackendInfo,
  initBackend,
  parseBackendName,
  parseThreads,
  shutdownBackend,
  type InitBackendOptions,
  type ModuleImporter,
} from './select-backend.js';
import { backendOptionsFrom, loadBackendEnv } from './backend-env.js';
import { isWasmMatMulPatched } from './wasm-matmul-patch.js';

const NATIVE = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

/** The real importer, except that the native packages fail as given (they cannot install here anyway). */
function importer(native: (specifier: string) => Promise<unknown>): ModuleImporter {
  return (specifier) => (NATIVE.includes(specifier) ? native(specifier) : import(specifier));
}
const notInstalled: ModuleImporter = importer(async (specifier) => {
  throw Object.assign(new Error(`Cannot find module '${specifier}' from 'select-backend.ts'`), {
    code: 'MODULE_NOT_FOUND',
  });
});
const brokenBinding: ModuleImporter = importer(async () => {
  throw new Error(
    'The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/lib/napi-v8/tfjs_binding.node.\n' +
      'Please run command "npm rebuild @tensorflow/tfjs-node build-addon-from-source" to rebuild the native addon module.',
  );
});

/** The options a process role passes after reading these variables at boot. */
const fromEnv = (env: NodeJS.ProcessEnv) => backendOptionsFrom(loadBackendEnv(env));

function init(options: InitBackendOptions = {}) {
  const lines: string[] = [];
  const promise = initBackend({ importModule: notInstalled, logger: (l) => lines.push(l), ...options });
  return { promise, lines };
}

afterEach(async () => {
  await shutdownBackend();
});

describe('initBackend', () => {
  it('falls back to wasm (SIMD, 1 thread, matmul patch applied) when the native packages are missing', async () => {
    const { promise, lines } = init();
    const info = await promise;
    expect(info).toEqual({
      name: 'wasm',
      tfjsBackend: 'wasm',
      version: expect.stringMatching(/^@tensorflow\/tfjs-backend-wasm@4\.\d+\.\d+$/),
      threads: 1,
      simd: true,
      reasonsSkipped: {
        'tensorflow-gpu': "@tensorflow/tfjs-node-gpu is not installed (MODULE_NOT_FOUND)",
        tensorflow: "@tensorflow/tfjs-node is not installed (MODULE_NOT_FOUND)",
      },
    });
    expect(tf.getBackend()).toBe('wasm');
    expect(isWasmMatMulPatched()).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('backend wasm');
    expect(lines[0]).toContain('tfjs-node-gpu is not installed');
  });

  it('really imports the optional packages by default (absent in this workspace)', async () => {
    const info = await initBackend({ logger: () => undefined });
    expect(info.name).not.toBe('cpu');
    if (info.name === 'wasm') {
      expect(info.reasonsSkipped['tensorflow-gpu']).toMatch(/tfjs-node-gpu (is not installed|failed to load)/);
    }
  });

  it('is idempotent: a second call returns the same info and logs nothing', async () => {
    const first = init();
    const info = await first.promise;
    const second = init({ prefer: 'cpu' });
    expect(await second.promise).toBe(info);
    expect(second.lines).toHaveLength(0);
    expect(await getBackendInfo()).toBe(info);
  });

  it('keeps the reason of a broken native binding', async () => {
    const info = await init({ importModule: brokenBinding }).promise;
    expect(info.name).toBe('wasm');
    expect(info.reasonsSkipped['tensorflow-gpu']).toMatch(
      /^@tensorflow\/tfjs-node-gpu failed to load: The Node.js native addon module \(tfjs_binding\.node\)/,
    );
  });

  it('reports a package that loads but registers no tensorflow backend', async () => {
    const info = await init({ importModule: importer(async () => ({})) }).promise;
    expect(info.reasonsSkipped['tensorflow']).toContain("registered no 'tensorflow' backend");
  });

  it('HSIC_BACKEND=cpu forces cpu and says why the others were not used', async () => {
    const info = await init(fromEnv({ HSIC_BACKEND: 'cpu' })).promise;
    expect(info).toMatchObject({ name: 'cpu', tfjsBackend: 'cpu', threads: 1, simd: null });
    expect(info.reasonsSkipped).toEqual({
      'tensorflow-gpu': 'not tried (HSIC_BACKEND=cpu)',
      tensorflow: 'not tried (HSIC_BACKEND=cpu)',
      wasm: 'not tried (HSIC_BACKEND=cpu)',
    });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('HSIC_BACKEND overrides options.prefer', async () => {
    const info = await init({ ...fromEnv({ HSIC_BACKEND: 'wasm' }), prefer: 'cpu' }).promise;
    expect(info.name).toBe('wasm');
  });

  it('prefer tries the preferred backend first', async () => {
    const info = await init({ prefer: 'cpu' }).promise;
    expect(info.name).toBe('cpu');
    expect(info.reasonsSkipped['tensorflow-gpu']).toBe('not tried (prefer=cpu)');
  });

  it('a forced backend that is unavailable throws, naming why', async () => {
    await expect(init(fromEnv({ HSIC_BACKEND: 'tensorflow' })).promise).rejects.toThrow(
      "HSIC_BACKEND=tensorflow but backend 'tensorflow' is not available: @tensorflow/tfjs-node is not installed",
    );
    await expect(init({ ...fromEnv({ HSIC_BACKEND: 'tensorflow-gpu' }), importModule: brokenBinding }).promise).rejects.toThrow(
      /HSIC_BACKEND=tensorflow-gpu .* failed to load: The Node.js native addon module/,
    );
    // A failed attempt is not cached: the next call selects again.
    expect((await init().promise).name).toBe('wasm');
  });

  it('rejects unknown HSIC_BACKEND values and bad thread counts, listing what is valid', async () => {
    expect(() => fromEnv({ HSIC_BACKEND: 'gpu' })).toThrow(
      "invalid environment: HSIC_BACKEND: 'gpu' is not a backend; valid values: tensorflow-gpu, tensorflow, wasm, cpu",
    );
    expect(() => fromEnv({ HSIC_WASM_THREADS: 'two' })).toThrow(
      "invalid environment: HSIC_WASM_THREADS: 'two' is not a thread count; use an integer from 1 to 8",
    );
    await expect(init({ threads: 0 }).promise).rejects.toThrow('options.threads=0 is not a thread count');
    expect(parseBackendName(' wasm ')).toBe('wasm');
    expect(parseBackendName('')).toBeUndefined();
    expect(parseThreads('2')).toBe(2);
    expect(parseThreads(undefined)).toBeUndefined();
    expect(() => parseThreads('9')).toThrow('from 1 to 8');
  });

  it('falls back to 1 wasm thread, with the reason, when the threaded build cannot be installed', async () => {
    await tf.setBackend('wasm'); // someone already uses single-threaded wasm and holds a tensor
    const held = tf.ones([2]);
    const { promise, lines } = init(fromEnv({ HSIC_WASM_THREADS: '2' }));
    const info = await promise;
    expect(info).toMatchObject({ name: 'wasm', threads: 1 });
    expect(info.reasonsSkipped['wasm-threaded']).toBe(
      '2 threads requested, using 1: the single-threaded wasm backend is already in use (it holds tensors); choose threads first',
    );
    expect(lines[0]).toContain('wasm-threaded: 2 threads requested, using 1');
    expect(held.dataSync()).toEqual(new Float32Array([1, 1]));
  });

  it('shutdownBackend disposes the backend, keeps foreign process listeners, and allows a new init', async () => {
    const mine = () => undefined;
    process.on('unhandledRejection', mine);
    try {
      const info = await init().promise;
      const t = tf.ones([3]);
      await shutdownBackend();
      // tfjs-backend-wasm's dispose removes every listener of these events (a post.js bug); ours is back.
      expect(process.listeners('unhandledRejection')).toContain(mine);
      expect(await getBackendInfo()).toBeNull();
      expect(() => t.dataSync()).toThrow();
      const again = await init().promise;
      expect(again).not.toBe(info);
      expect(again.name).toBe('wasm');
      expect(tf.sum(tf.ones([4])).dataSync()[0]).toBe(4);
      await shutdownBackend();
      await shutdownBackend(); // twice is fine
    } finally {
      process.off('unhandledRejection', mine);
    }
  });
});
