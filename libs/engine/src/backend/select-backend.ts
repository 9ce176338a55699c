// Chooses and initializes the TensorFlow.js backend for the engine, once per process.
//
// Order: @tensorflow/tfjs-node-gpu → @tensorflow/tfjs-node → wasm → cpu. The native packages are
// optional: their install script downloads libtensorflow from outside the npm registry, so they are
// usually absent (MODULE_NOT_FOUND) or present with a broken native binding; both mean "not
// available" and the reason is kept in BackendInfo.reasonsSkipped and in the log line.
//
// The process's role passes HSIC_BACKEND and HSIC_WASM_THREADS in as options (backend-env.ts): the engine reads no
// environment of its own.
import os from 'node:os';
import { createRequire } from 'node:module';
import { tf } from '../tf.js';
import { patchWasmMatMul } from './wasm-matmul-patch.js';
import { registerWasmConvKernels } from './wasm-conv-kernels.js';
import { installThreadedWasm, MAX_WASM_THREADS, threadedWasmThreads, uninstallThreadedWasm } from './wasm-threaded.js';
import { preservingForeignListeners, recordingModuleListeners } from './process-listeners.js';

export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendInfo {
  /** The engine's name for the chosen backend. */
  name: BackendName;
  /** tf.getBackend() after initialization ('tensorflow', 'wasm' or 'cpu'). */
  tfjsBackend: string;
  /** Package and version that provides the backend, e.g. '@tensorflow/tfjs-backend-wasm@4.22.0'. */
  version: string;
  /** Compute threads: wasm → XNNPACK pool size; cpu → 1; tensorflow → available cores (libtensorflow's default). */
  threads: number;
  /** wasm only: whether the SIMD build runs; null for other backends. */
  simd: boolean | null;
  /**
   * Why each backend that precedes the chosen one in the default order was not used, plus
   * 'wasm-threaded' when threads were requested but the threaded build could not start.
   */
  reasonsSkipped: Record<string, string>;
}

export type BackendLogger = (line: string) => void;
/** Loads a module by specifier (dynamic import by default; injectable for tests). */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

export interface InitBackendOptions {
  /** Use exactly this backend or throw (what HSIC_BACKEND asks for). Wins over `prefer`. */
  force?: BackendName;
  /** Try this backend first, then fall back in the usual order. */
  prefer?: BackendName;
  /** wasm threads (1..8, default 1; HSIC_WASM_THREADS). Ignored by other backends. */
  threads?: number;
  /** Where the one-line summary goes (default: stderr). */
  logger?: BackendLogger;
  /** Module loader for the optional native packages (default: dynamic import()). */
  importModule?: ModuleImporter;
}

const require = createRequire(import.meta.url);
const defaultLogger: BackendLogger = (line) => process.stderr.write(`${line}\n`);
const defaultImporter: ModuleImporter = (specifier) => import(specifier);

class Unavailable extends Error {}

let current: Promise<BackendInfo> | null = null;

/** Parses HSIC_BACKEND; undefined when unset or empty. An error names `source` ('' when the caller names it). */
export function parseBackendName(value: string | undefined, source = 'HSIC_BACKEND'): BackendName | undefined {
  if (value == null || value.trim() === '') return undefined;
  const name = value.trim();
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new Error(`${source === '' ? '' : `${source}=`}'${value}' is not a backend; valid values: ${BACKEND_NAMES.join(', ')}`);
  }
  return name as BackendName;
}

/** Parses a wasm thread count (integer 1..8); undefined when unset or empty. */
export function parseThreads(value: string | number | undefined, source = 'HSIC_WASM_THREADS'): number | undefined {
  if (value == null || (typeof value === 'string' && value.trim() === '')) return undefined;
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
    throw new Error(`${source === '' ? `'${String(value)}'` : `${source}=${String(value)}`} is not a thread count; use an integer from 1 to ${MAX_WASM_THREADS}`);
  }
  return n;
}

function packageVersion(specifier: string, fallback?: string): string {
  try {
    const pkg = require(`${specifier}/package.json`) as { version?: string };
    return `${specifier}@${pkg.version ?? fallback ?? 'unknown'}`;
  } catch {
    return `${specifier}@${fallback ?? 'unknown'}`;
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? text;
}

function importFailure(specifier: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = firstLine(error);
  if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(specifier)) {
    return `${specifier} is not installed (${String(code)})`;
  }
  return `${specifier} failed to load: ${message}`;
}

async function setBackendOrThrow(name: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    throw new Unavailable(`tf.setBackend('${name}') threw: ${firstLine(error)}`);
  }
  if (!ok || tf.getBackend() !== name) throw new Unavailable(`tf.setBackend('${name}') failed (see the tfjs warning above)`);
}

interface Attempt {
  info: Omit<BackendInfo, 'name' | 'reasonsSkipped'>;
  /** Extra entries for reasonsSkipped (e.g. 'wasm-threaded' when the threaded build fell back). */
  notes: Record<string, string>;
}

async function tryTensorflow(gpu: boolean, importModule: ModuleImporter): Promise<Attempt> {
  const specifier = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  // tfjs-node-gpu registers the same 'tensorflow' backend; when it is already registered (because the
  // GPU package loaded but found no GPU), the CPU variant reuses it.
  let provider = specifier;
  if (gpu || tf.findBackendFactory('tensorflow') == null) {
    try {
      await importModule(specifier);
    } catch (error) {
      throw new Unavailable(importFailure(specifier, error));
    }
    if (tf.findBackendFactory('tensorflow') == null) {
      throw new Unavailable(
        `${specifier} loaded but registered no 'tensorflow' backend in this @tensorflow/tfjs-core ` +
          `(a second copy of tfjs-core? @tensorflow/tfjs is ${tf.version_core})`,
      );
    }
  } else {
    provider = '@tensorflow/tfjs-node-gpu';
  }
  await setBackendOrThrow('tensorflow');
  const usingGpu = (tf.backend() as { isUsingGpuDevice?: unknown }).isUsingGpuDevice;
  if (gpu && usingGpu !== true) {
    throw new Unavailable(`${specifier} loaded, but libtensorflow uses no GPU device (CUDA/cuDNN or driver missing?)`);
  }
  return {
    info: {
      tfjsBackend: tf.getBackend(),
      version: packageVersion(provider),
      threads: os.availableParallelism(),
      simd: null,
    },
    notes: {},
  };
}

async function tryWasm(threads: number, importModule: ModuleImporter): Promise<Attempt> {
  const notes: Record<string, string> = {};
  let wasmPkg: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasmPkg = (await importModule('@tensorflow/tfjs-backend-wasm')) as typeof wasmPkg;
  } catch (error) {
    throw new Unavailable(importFailure('@tensorflow/tfjs-backend-wasm', error));
  }
  if (tf.findBackendFactory('wasm') == null) {
    throw new Unavailable('@tensorflow/tfjs-backend-wasm registered no wasm backend in this @tensorflow/tfjs-core');
  }
  let threaded = false;
  if (threads > 1) {
    try {
      await installThreadedWasm(threads);
      threaded = true;
    } catch (error) {
      notes['wasm-threaded'] = `${threads} threads requested, using 1: ${firstLine(error)}`;
    }
  }
  patchWasmMatMul();
  registerWasmConvKernels(); // conv gradients on wasm (Conv2DBackpropFilter is missing in tfjs-wasm 4.22)
  try {
    await recordingModuleListeners(() => setBackendOrThrow('wasm'));
  } catch (error) {
    if (threaded) uninstallThreadedWasm();
    throw error;
  }
  const simd = threaded ? true : ((await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean);
  return {
    info: {
      tfjsBackend: tf.getBackend(),
      version: packageVersion('@tensorflow/tfjs-backend-wasm', wasmPkg.version_wasm),
      threads: wasmPkg.getThreadsCount(),
      simd,
    },
    notes,
  };
}

async function tryCpu(): Promise<Attempt> {
  await setBackendOrThrow('cpu');
  return {
    info: {
      tfjsBackend: tf.getBackend(),
      version: `@tensorflow/tfjs-backend-cpu@${tf.version_core}`,
      threads: 1,
      simd: null,
    },
    notes: {},
  };
}

function formatLine(info: BackendInfo): string {
  const parts = [`threads=${info.threads}`];
  if (info.simd != null) parts.push(`simd=${info.simd}`);
  const skipped = Object.entries(info.reasonsSkipped).map(([k, v]) => `${k}: ${v}`);
  return (
    `[engine] backend ${info.name} (tf '${info.tfjsBackend}', ${info.version}, ${parts.join(', ')})` +
    (skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : '')
  );
}

async function select(options: InitBackendOptions): Promise<BackendInfo> {
  const logger = options.logger ?? defaultLogger;
  const importModule = options.importModule ?? defaultImporter;
  const forced = options.force == null ? undefined : parseBackendName(options.force, 'options.force');
  const prefer = options.prefer == null ? undefined : parseBackendName(options.prefer, 'options.prefer');
  const threads = parseThreads(options.threads, 'options.threads') ?? 1;

  const order: BackendName[] = forced
    ? [forced]
    : prefer
      ? [prefer, ...BACKEND_NAMES.filter((n) => n !== prefer)]
      : [...BACKEND_NAMES];
  const reasonsSkipped: Record<string, string> = {};

  for (const name of order) {
    let attempt: Attempt;
    try {
      attempt =
        name === 'tensorflow-gpu' || name === 'tensorflow'
          ? await tryTensorflow(name === 'tensorflow-gpu', importModule)
          : name === 'wasm'
            ? await tryWasm(threads, importModule)
            : await tryCpu();
    } catch (error) {
      const reason = firstLine(error);
      if (forced) {
        throw new Error(`HSIC_BACKEND=${forced} but backend '${forced}' is not available: ${reason}`);
      }
      reasonsSkipped[name] = reason;
      continue;
    }
    const why = forced ? `not tried (HSIC_BACKEND=${forced})` : `not tried (prefer=${String(prefer)})`;
    for (const other of BACKEND_NAMES) {
      if (other !== name && reasonsSkipped[other] == null && BACKEND_NAMES.indexOf(other) < BACKEND_NAMES.indexOf(name)) {
        reasonsSkipped[other] = why;
      }
    }
    const info: BackendInfo = { name, ...attempt.info, reasonsSkipped: { ...reasonsSkipped, ...attempt.notes } };
    logger(formatLine(info));
    return info;
  }
  throw new Error(`no TensorFlow.js backend could be initialized: ${JSON.stringify(reasonsSkipped)}`);
}

/**
 * Initializes the backend once per process and returns what was chosen. A second call (with any
 * options) returns the same BackendInfo; after shutdownBackend() the next call selects again.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  if (current == null) {
    lastOptions = options;
    const attempt = select(options);
    current = attempt;
    attempt.catch(() => {
      if (current === attempt) current = null;
    });
  }
  return current;
}

let lastOptions: InitBackendOptions = {};

/** The options of the last selection (rebuildBackend selects again with them). */
export const lastInitOptions = (): InitBackendOptions => lastOptions;

/** The BackendInfo of the initialized backend, or null before initBackend() resolved. */
export async function getBackendInfo(): Promise<BackendInfo | null> {
  if (current == null) return null;
  return current.catch(() => null);
}

/**
 * Releases the backend chosen by initBackend(): disposes it (all its tensors become unusable) and,
 * for threaded wasm, terminates the worker threads, which a process needs to exit on its own.
 * The backend's factory stays registered, so initBackend() may be called again. Safe to call twice.
 */
export async function shutdownBackend(): Promise<void> {
  const pending = current;
  current = null;
  if (pending == null) return;
  const info = await pending.catch(() => null);
  if (info == null) return;
  if (threadedWasmThreads() != null) {
    uninstallThreadedWasm();
    return;
  }
  const entry = tf.engine().registryFactory[info.tfjsBackend];
  preservingForeignListeners(() => tf.removeBackend(info.tfjsBackend));
  if (entry != null) tf.registerBackend(info.tfjsBackend, entry.factory, entry.priority);
}
