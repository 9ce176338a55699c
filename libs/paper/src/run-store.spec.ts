import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrainingConfig } from '@hsic/engine';
import { RunStore } from './run-store.js';

describe('RunStore: which stored result is the same experiment', () => {
  const input = {
    data: { dataset: 'mnist-10k' },
    model: { kind: 'mlp', hiddenWidth: 8, hiddenLayers: 1, lastWidth: 8 },
    hsic: { epochs: 1, batchSize: 64, learningRate: 1e-3, sigma: 5, beta: 50 },
  };
  const stored = (config: unknown) => ({ id: 'run', label: 'run', config, dataset: 'mnist-10k', trainCount: 1, testCount: 1, seconds: 1, epochs: [], testAccuracy: {}, backend: { name: 'cpu', threads: 1 } });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hsic-run-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reuses a result stored before a default existed (no model.batchNorm) and in another key order', async () => {
    const config = parseTrainingConfig(input);
    const { batchNorm, ...olderModel } = config.model as typeof config.model & { batchNorm?: string };
    expect(batchNorm).toBe('plain');
    const reordered = Object.fromEntries(Object.entries({ ...config, model: olderModel }).reverse());
    writeFileSync(join(dir, 'run.json'), JSON.stringify(stored(reordered)));
    expect(await new RunStore(dir).finished('run', config)).not.toBeNull();
  });

  it('does not reuse a result of another config, nor an unreadable one', async () => {
    const config = parseTrainingConfig(input);
    writeFileSync(join(dir, 'run.json'), JSON.stringify(stored({ ...config, seed: 7 })));
    expect(await new RunStore(dir).finished('run', config)).toBeNull();
    writeFileSync(join(dir, 'run.json'), '{"config": {"model": "not a model"}}');
    expect(await new RunStore(dir).finished('run', config)).toBeNull();
  });
});
