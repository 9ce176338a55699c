import { formatBytes, type ResourceEstimate } from './resource-estimate.js';

/** What one run may use on a worker. */
export interface ResourceBudget {
  readonly memoryBytes: number;
  /** The backend the run will train on: wasm adds its own 4 GiB heap limit for tensors. */
  readonly backend: string;
  /** Where the number comes from, for messages ("HSIC_WORKER_MEMORY_MB" or "70 % of this machine's 24 GiB"). */
  readonly source: string;
}

/** WebAssembly memory is 32-bit: tensors live in at most 4 GiB, and tfjs needs some of it for itself. */
export const WASM_TENSOR_LIMIT_BYTES = 3.5 * 2 ** 30;
const DEFAULT_SHARE = 0.7;
/** A rough training rate for time estimates: one CPU core running the engine's matmuls (measured 20–40 GFLOP/s). */
export const NOMINAL_FLOPS_PER_SECOND = 25e9;

/** 70 % of the machine's memory (the rest is the OS, the database, the API); a wasm worker is held to its heap too. */
export function defaultMemoryBudget(backend: string, totalMemoryBytes: number): ResourceBudget {
  return { memoryBytes: Math.floor(totalMemoryBytes * DEFAULT_SHARE), backend, source: `70 % of this machine's ${formatBytes(totalMemoryBytes)}` };
}

/** Why the run does not fit (empty: it fits), each reason with the estimate and the limit. */
export function budgetProblems(estimate: ResourceEstimate, budget: ResourceBudget): string[] {
  const { data, parameters, activations, kernels, total } = estimate.memoryBytes;
  const parts = `data ${formatBytes(data)}, parameters ${formatBytes(parameters)}, activations ${formatBytes(activations)}, kernel matrices ${formatBytes(kernels)}`;
  const problems: string[] = [];
  if (total > budget.memoryBytes) {
    problems.push(`the run needs about ${formatBytes(total)} of memory (${parts}); a worker may use ${formatBytes(budget.memoryBytes)} (${budget.source})`);
  }
  const tensors = parameters + activations + kernels;
  if (budget.backend === 'wasm' && tensors > WASM_TENSOR_LIMIT_BYTES) {
    problems.push(
      `its tensors need about ${formatBytes(tensors)} (${parts.replace(/^data [^,]*, /, '')}), more than the ${formatBytes(WASM_TENSOR_LIMIT_BYTES)} the WebAssembly backend can hold; train it on a GPU worker (tfjs-node-gpu) or make it smaller`,
    );
  }
  return problems;
}

/** "about 3 min", "about 2.5 h" at the nominal rate. */
export function roughDuration(flops: number): string {
  const seconds = flops / NOMINAL_FLOPS_PER_SECOND;
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}
