import { hsicBatchFlops } from '../bench/flop-model.js';
import { parseTrainingConfig } from './config.js';
import { PRESETS } from './presets.js';
import { budgetProblems, defaultMemoryBudget, roughDuration, WASM_TENSOR_LIMIT_BYTES } from './resource-budget.js';
import { estimateTrainingResources, formatBytes } from './resource-estimate.js';

const MNIST_10K = { trainCount: 8000, testCount: 2000, shape: { height: 28, width: 28, channels: 1 }, classes: 10 };
const FASHION = { trainCount: 60_000, testCount: 10_000, shape: { height: 28, width: 28, channels: 1 }, classes: 10 };
const GiB = 2 ** 30;

describe('estimateTrainingResources', () => {
  it('counts the data, the parameters of every net, activations at the largest batch and the kernel matrices', () => {
    const config = parseTrainingConfig(PRESETS['general-fmnist']);
    const { memoryBytes, flops } = estimateTrainingResources(config, FASHION);
    expect(memoryBytes.data).toBe(70_000 * 784 * 4);
    // 784·128 + 6·(128·128) + 1 more 128·128 block, biases; ×3 copies (weights, gradients, momentum), HSIC net + baseline + readout.
    const net = 784 * 128 + 128 + 6 * (128 * 128 + 128);
    expect(memoryBytes.parameters).toBe((net * 3 * 2 + (128 * 10 + 10) * 3) * 4);
    expect(memoryBytes.activations).toBe(512 * (784 + 7 * 128) * 4 * 4);
    // 10 working m×m matrices, plus the target cache: 118 batches × two 512² matrices = 236 MiB (under its 1 GiB budget).
    expect(memoryBytes.kernels).toBe(10 * 512 * 512 * 4 + 118 * 2 * 512 * 512 * 4);
    expect(memoryBytes.total).toBe(memoryBytes.data + memoryBytes.parameters + memoryBytes.activations + memoryBytes.kernels);
    expect(memoryBytes.total).toBeLessThan(1 * GiB);
    // The HSIC part is the engine's own FLOP model: ~7 GFLOP per batch of 512, 118 batches, 5 epochs.
    const architecture = { ...config.model, inputShape: [28, 28, 1] as [number, number, number], classes: 10 } as Parameters<typeof hsicBatchFlops>[0];
    const hsic = hsicBatchFlops(architecture, 512, config.hsic!, true) * 118 * 5;
    expect(hsic / 118 / 5).toBeGreaterThan(5e9);
    expect(flops).toBeGreaterThan(hsic);
    expect(flops).toBeLessThan(hsic * 1.2);
  });

  it('follows limitTrain, σ-combined nets (one per σ) and a shuffled run (no target cache)', () => {
    const base = parseTrainingConfig({ ...PRESETS.smoke });
    const limited = estimateTrainingResources(base, MNIST_10K);
    expect(limited.memoryBytes.data).toBe((512 + 256) * 784 * 4);
    const three = estimateTrainingResources(parseTrainingConfig({ ...PRESETS.smoke, hsic: { ...PRESETS.smoke.hsic, sigma: [1, 5, 10] } }), MNIST_10K);
    expect(three.flops).toBeGreaterThan(2.5 * limited.flops - limited.flops * 0.5);
    const shuffled = estimateTrainingResources(parseTrainingConfig({ ...PRESETS.smoke, shuffle: true }), MNIST_10K);
    expect(shuffled.memoryBytes.kernels).toBe(10 * 128 * 128 * 4);
  });

  it("finds the oversized run that broke a worker's WebAssembly heap too big, and says why in numbers", () => {
    const huge = parseTrainingConfig({ ...PRESETS['mnist-10k'], model: { kind: 'mlp', hiddenLayers: 200, hiddenWidth: 16384, lastWidth: 128 } });
    const estimate = estimateTrainingResources(huge, MNIST_10K);
    expect(estimate.memoryBytes.parameters).toBeGreaterThan(500 * GiB);
    const problems = budgetProblems(estimate, { memoryBytes: 16 * GiB, backend: 'wasm', source: 'HSIC_WORKER_MEMORY_MB' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^the run needs about \d+\.\d GiB of memory \(data \d+ MiB, parameters .* GiB, .*\); a worker may use 16\.0 GiB \(HSIC_WORKER_MEMORY_MB\)$/);
    expect(problems[1]).toContain('more than the 3.5 GiB the WebAssembly backend can hold');
    expect(budgetProblems(estimate, { memoryBytes: 4096 * GiB, backend: 'tensorflow-gpu', source: 'x' })).toEqual([]);
  });

  it('lets the presets fit a default budget on this project’s machine class (24 GiB, wasm)', () => {
    const budget = defaultMemoryBudget('wasm', 24 * GiB);
    expect(budget.memoryBytes).toBe(Math.floor(24 * GiB * 0.7));
    for (const [name, preset] of Object.entries(PRESETS)) {
      if (name === 'resconv' || name === 'general-mnist') continue; // sized for GPU workers / full MNIST
      const dataset = preset.data.dataset === 'fashion-mnist' ? FASHION : MNIST_10K;
      expect({ name, problems: budgetProblems(estimateTrainingResources(parseTrainingConfig(preset), dataset), budget) }).toEqual({ name, problems: [] });
    }
    expect(WASM_TENSOR_LIMIT_BYTES).toBe(3.5 * GiB);
  });

  it('says sizes and durations in words', () => {
    expect(formatBytes(3 * GiB)).toBe('3.0 GiB');
    expect(formatBytes(300 * 2 ** 20)).toBe('300 MiB');
    expect(roughDuration(25e9 * 30)).toBe('about 30 s');
    expect(roughDuration(25e9 * 600)).toBe('about 10 min');
    expect(roughDuration(25e9 * 36_000)).toBe('about 10.0 h');
  });
});
