import { downloadDataset, isDatasetName, listDatasets } from '@hsic/data';
import { join } from 'node:path';
import { UsageError } from '../cli-error.js';
import type { CliEnv } from '../cli-env.js';

export function datasetsCommand(env: CliEnv): void {
  for (const d of listDatasets({ dataRoot: env.dataRoot })) {
    process.stdout.write(`${d.name.padEnd(14)} ${d.available ? 'available ' : 'missing   '} ${String(d.trainCount).padStart(6)} train ${String(d.testCount).padStart(6)} test  ${d.location}\n`);
  }
}

export async function downloadCommand(name: string | undefined, dataDir: string | undefined, env: CliEnv): Promise<void> {
  if (!name || !isDatasetName(name)) throw new UsageError(`download needs a dataset name: mnist, fashion-mnist or cifar10`);
  const result = await downloadDataset(name, dataDir ?? join(env.dataRoot, name), { onProgress: (p) => process.stderr.write(`${JSON.stringify(p)}\n`) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
