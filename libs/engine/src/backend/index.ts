export {
  BACKEND_NAMES,
  getBackendInfo,
  initBackend,
  parseBackendName,
  parseThreads,
  shutdownBackend,
  type BackendInfo,
  type BackendLogger,
  type BackendName,
  type InitBackendOptions,
  type ModuleImporter,
} from './select-backend.js';
export { isWasmMatMulPatched, patchWasmMatMul, unpatchWasmMatMul } from './wasm-matmul-patch.js';
export { MAX_WASM_THREADS } from './wasm-threaded.js';
export { isWasmConvKernelsRegistered, registerWasmConvKernels, unregisterWasmConvKernels, UnsupportedWasmConvError } from './wasm-conv-kernels.js';
export { BackendUnrecoverableError, isBackendFailure, rebuildBackend } from './backend-failure.js';
export { backendEnvFields, backendOptionsFrom, loadBackendEnv, type BackendChoice, type BackendEnv } from './backend-env.js';
