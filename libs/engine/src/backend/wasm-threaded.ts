// Multi-threaded (pthreads + SIMD) wasm backend for Node.
//
// tfjs-backend-wasm 4.22 ships tfjs-backend-wasm-threaded-simd.wasm but never uses it in Node, for two
// independent reasons, each worked around here without touching node_modules:
//
//  1. Its `init()` refuses (flag WASM_HAS_MULTITHREAD_SUPPORT returns false when IS_NODE) and, if
//     forced, hands Emscripten a Blob URL for the pthread worker script and a Blob for the main script.
//     Node's worker_threads cannot start a Worker from a blob: URL, nor can the worker's importScripts
//     read one. We therefore skip tfjs's `init()` and instantiate the Emscripten factory
//     (wasm-out/tfjs-backend-wasm-threaded-simd.js) ourselves: `locateFile` points the pthread worker
//     at a real .cjs file (the worker source tfjs ships as a string, written once to the OS temp dir),
//     and the main script the workers import is the factory file itself (its __filename).
//  2. The C++ side caps the pool at `emscripten_num_logical_cores() / 2` ("hyper-threading"); on a
//     2-vCPU machine that is 1, so setThreadsCount(2) silently yields 1 thread. Emscripten's documented
//     `instantiateWasm` hook lets us instantiate the module ourselves and report 2×threads logical cores
//     to that import.
//
// The backend object is tfjs's own `BackendWasm` and the kernels are tfjs's registered wasm kernels, so
// everything else (including the matmul patch) is unchanged. Emscripten pre-spawns 8 pthread workers;
// we keep only the threads−1 that XNNPACK's pthreadpool uses (the caller thread is the other one).
//
// Exit: Emscripten ref()s a worker while its pthread runs and XNNPACK's pool threads never finish, so
// with tfjs's own code a process with the threaded backend never exits by itself. We unref() the pool's
// workers once they run (they only wait on futexes), so the process exits when its work is done; and
// `uninstallThreadedWasm()` (via shutdownBackend) removes the backend — BackendWasm.dispose() calls
// PThread.terminateAllThreads() — and restores tfjs's default (single-threaded) wasm factory.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { tf } from '../tf.js';
import { preservingForeignListeners, recordingModuleListeners } from './process-listeners.js';

const require = createRequire(import.meta.url);

/** XNNPACK's pool size limit in tfjs-backend-wasm (max_num_threads in backend.cc). */
export const MAX_WASM_THREADS = 8;
const WASM_PRIORITY = 2; // tfjs-backend-wasm registers 'wasm' with this priority.
const START_TIMEOUT_MS = 30_000;

type WasmPackage = typeof import('@tensorflow/tfjs-backend-wasm');
type BackendWasm = InstanceType<WasmPackage['BackendWasm']>;
type BackendFactory = () => tf.KernelBackend | Promise<tf.KernelBackend>;

// lib ES2023 + @types/node 20 do not declare WebAssembly; the two members used here:
interface WasmImports {
  [module: string]: Record<string, unknown>;
}
interface WasmInstantiated {
  instance: object;
  module: object;
}
const WebAssemblyApi = (
  globalThis as unknown as {
    WebAssembly: { instantiate(bytes: Uint8Array, imports: WasmImports): Promise<WasmInstantiated> };
  }
).WebAssembly;

/** The Emscripten module fields we use (a superset of tfjs's BackendWasmThreadedSimdModule). */
interface EmscriptenModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  PThread: {
    unusedWorkers: Array<{ terminate(): unknown }>;
    runningWorkers: Array<{ unref(): void }>;
    terminateAllThreads(): void;
  };
  tfjs?: Record<string, unknown>;
}
interface FactoryConfig {
  locateFile(file: string, prefix: string): string;
  instantiateWasm(imports: WasmImports, receiveInstance: (instance: object, module: object) => void): Record<string, never>;
  onAbort(what: unknown): void;
}
type EmscriptenFactory = (config: FactoryConfig) => Promise<EmscriptenModule>;

interface Installed {
  threads: number;
  backend: BackendWasm;
  defaultFactory: BackendFactory | null;
}
let installed: Installed | null = null;

function wasmPackageDir(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
}

/**
 * Writes the pthread worker script tfjs ships as a string to a content-addressed .cjs file in the OS
 * temp dir (atomic rename, so concurrent processes are safe) and returns its path.
 */
function pthreadWorkerFile(pkgDir: string): string {
  const { wasmWorkerContents } = require(
    path.join(pkgDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js'),
  ) as { wasmWorkerContents: string };
  // The template literal turned the source's "\n" escapes into real newlines inside string literals;
  // tfjs undoes that the same way before making its Blob.
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  // A worker that fails to parse makes Emscripten throw from an event handler (an uncaught exception
  // that ends the process), so check it here, where the failure becomes a fallback with a reason.
  new vm.Script(source, { filename: 'tfjs-backend-wasm-threaded-simd.worker.js' });
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `hsic-tfjs-wasm-pthread-${hash}.cjs`);
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== source) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, source);
    fs.renameSync(tmp, file);
  }
  return file;
}

/** Instantiates the threaded-SIMD Emscripten module with `threads` XNNPACK threads available. */
async function createThreadedModule(threads: number): Promise<EmscriptenModule> {
  const pkgDir = wasmPackageDir();
  const factory = require(path.join(pkgDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js')) as EmscriptenFactory;
  const wasmFile = path.join(pkgDir, 'dist', 'tfjs-backend-wasm-threaded-simd.wasm');
  const workerFile = pthreadWorkerFile(pkgDir);
  const binary = fs.readFileSync(wasmFile);

  let fail: (reason: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const config = {} as FactoryConfig & { PThread?: EmscriptenModule['PThread'] };
  config.locateFile = (file, prefix) =>
    file.endsWith('.worker.js') ? workerFile : file.endsWith('.wasm') ? wasmFile : prefix + file;
  config.onAbort = (what) => fail(what);
  config.instantiateWasm = (imports, receiveInstance) => {
    // Hack 2: backend.cc uses min(requested, logical_cores / 2) threads.
    imports['env']!['emscripten_num_logical_cores'] = () => 2 * threads;
    WebAssemblyApi.instantiate(binary, imports).then(
      ({ instance, module }) => {
        // Runs after the factory body, so Module.PThread exists: keep only the workers the pool needs.
        const pool = config.PThread?.unusedWorkers ?? [];
        while (pool.length > threads - 1) pool.pop()?.terminate();
        receiveInstance(instance, module);
      },
      (error: unknown) => fail(error),
    );
    return {};
  };
  // The module resolves only once its pthread workers have loaded; never wait forever for that.
  const timer = setTimeout(() => fail(new Error(`not ready after ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
  timer.unref();
  try {
    return await Promise.race([factory(config), failed]);
  } catch (error) {
    config.PThread?.terminateAllThreads();
    throw new Error(`threaded-SIMD wasm module failed to start: ${describe(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? String(error);
  if (typeof error === 'object' && error != null && 'message' in error) return String(error.message);
  return String(error);
}

/** Same bridge tfjs's init() adds to the module. */
function addTfjsBridge(module: EmscriptenModule): void {
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
}

/** Thread count of the installed threaded backend, or null when it is not installed. */
export function threadedWasmThreads(): number | null {
  return installed?.threads ?? null;
}

/**
 * Replaces the registered 'wasm' backend factory by one backed by the threaded-SIMD build with
 * `threads` threads (2..8), creating the backend now so any failure is thrown here with its reason.
 * Call `tf.setBackend('wasm')` afterwards. Idempotent for the same thread count.
 */
export async function installThreadedWasm(threads: number): Promise<void> {
  if (!Number.isInteger(threads) || threads < 2 || threads > MAX_WASM_THREADS) {
    throw new Error(`threaded wasm needs an integer thread count in 2..${MAX_WASM_THREADS}, got ${threads}`);
  }
  if (installed != null) {
    if (installed.threads === threads) return;
    throw new Error(`threaded wasm is already installed with ${installed.threads} threads; shut it down first`);
  }
  if (typeof SharedArrayBuffer === 'undefined') throw new Error('SharedArrayBuffer is not available');

  const wasmPkg: WasmPackage = await import('@tensorflow/tfjs-backend-wasm');
  const engine = tf.engine();
  const existing = engine.registry['wasm'] as BackendWasm | undefined;
  if (existing != null && existing.numDataIds() > 0) {
    throw new Error('the single-threaded wasm backend is already in use (it holds tensors); choose threads first');
  }
  const defaultFactory = tf.findBackendFactory('wasm');

  const module = await recordingModuleListeners(() => createThreadedModule(threads));
  addTfjsBridge(module);
  wasmPkg.setThreadsCount(threads);
  let backend: BackendWasm;
  try {
    backend = new wasmPkg.BackendWasm(module as unknown as ConstructorParameters<WasmPackage['BackendWasm']>[0]);
  } catch (error) {
    module.PThread.terminateAllThreads();
    throw error;
  } finally {
    wasmPkg.setThreadsCount(-1);
  }
  // Emscripten ref()s a worker while its pthread runs, and XNNPACK's pool threads never return, so the
  // event loop would stay alive forever. They only wait on futexes in shared memory, so letting the
  // process exit while they wait is safe: unref them (shutdown still terminates them explicitly).
  for (const worker of module.PThread.runningWorkers) worker.unref();
  const actual = wasmPkg.getThreadsCount();
  if (actual !== threads) {
    backend.dispose();
    throw new Error(`threaded wasm started with ${actual} threads instead of ${threads}`);
  }

  if (tf.findBackendFactory('wasm') != null) preservingForeignListeners(() => tf.removeBackend('wasm'));
  tf.registerBackend('wasm', () => backend, WASM_PRIORITY);
  installed = { threads, backend, defaultFactory };
}

/**
 * Removes the threaded backend (terminating its worker threads, so the process can exit) and puts
 * tfjs's default single-threaded wasm factory back. Tensors still on it become unusable. No-op when
 * the threaded backend is not installed.
 */
export function uninstallThreadedWasm(): void {
  if (installed == null) return;
  const { backend, defaultFactory } = installed;
  installed = null;
  const selected = tf.engine().registry['wasm'] === backend;
  preservingForeignListeners(() => {
    // removeBackend disposes the backend if it was selected (BackendWasm.dispose() also terminates all
    // pthreads); one that was installed but never selected is disposed here.
    tf.removeBackend('wasm');
    if (!selected && backend.wasm != null) backend.dispose();
  });
  if (defaultFactory != null) tf.registerBackend('wasm', defaultFactory, WASM_PRIORITY);
}
