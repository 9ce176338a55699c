import { loadDataset } from '@hsic/data';
import { benchmarkHsic, initBackend } from '@hsic/engine';
import type { CliEnv } from '../cli-env.js';
import { resolveConfig } from './train.js';

export async function benchCommand(options: { preset?: string; configFile?: string; set: readonly string[]; samples?: number; epochs?: number; json: boolean }, env: CliEnv): Promise<void> {
  const { config, name } = await resolveConfig({ preset: options.preset ?? 'general-fmnist', configFile: options.configFile, set: options.set });
  const backend = await initBackend(env.backend);
  const data = await loadDataset(config.data.dataset, { dataDir: config.data.dataDir, dataRoot: env.dataRoot });
  const report = await benchmarkHsic({
    config, data, backend: backend.name, samples: options.samples, hsicEpochs: options.epochs,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ preset: name, threads: backend.threads, ...report }, null, 2)}\n`);
    return;
  }
  const percentOfAnchor = (gflops: number) => `${((100 * gflops) / report.matmulGflopsPerSecond).toFixed(0)} %`;
  const lines = [
    `benchmark ${name} on ${report.dataset}: ${report.samples} samples, ${report.blocks} HSIC blocks, backend ${report.backend} (${backend.threads} thread(s))`,
    `HSIC epoch (batch ${report.hsicBatchSize}):        ${report.hsicEpochSeconds.map((s) => `${s.toFixed(2)} s`).join(', ')}`,
    `backprop epoch (batch ${report.backpropBatchSize}):    ${report.backpropEpochSeconds.toFixed(2)} s`,
    `HSIC / backprop epoch ratio:      ${report.hsicToBackpropRatio.toFixed(2)}  (the reference's is about 8)`,
    `samples per second:               HSIC ${report.hsicSamplesPerSecond.toFixed(0)}, backprop ${report.backpropSamplesPerSecond.toFixed(0)}`,
    `achieved HSIC step rate:          ${report.hsicGflopsPerSecond.toFixed(1)} GFLOP/s (matmul flops of the first epoch)`,
    `machine anchor:                   ${report.matmulGflopsPerSecond.toFixed(1)} GFLOP/s for ${report.hsicBatchSize}×${report.hsicBatchSize} by ${report.hsicBatchSize}×${report.hsicBatchSize} products; the HSIC epoch runs at ${percentOfAnchor(report.hsicGflopsPerSecond)} of it`,
  ];
  if (report.conv) {
    lines.push(
      `residual conv ${report.conv.shape}: forward ${report.conv.forwardGflopsPerSecond.toFixed(1)} GFLOP/s (${percentOfAnchor(report.conv.forwardGflopsPerSecond)} of the anchor), filter gradient ${report.conv.filterGradientGflopsPerSecond.toFixed(1)} GFLOP/s (${percentOfAnchor(report.conv.filterGradientGflopsPerSecond)})`,
    );
  }
  if (report.samples < data.train.count) {
    const minutes = (report.hsicEpochSeconds[0] * data.train.count) / report.samples / 60;
    lines.push(`full HSIC epoch (${data.train.count} samples): ${minutes.toFixed(1)} min, projected from the ${report.samples} timed (run without --samples to time it)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
