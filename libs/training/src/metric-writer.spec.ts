import type { MetricPointInput } from '@hsic/contracts';
import { MetricWriter } from './metric-writer.js';

const point = (batch: number): MetricPointInput => ({ phase: 'format', epoch: 1, batch, layer: -1 });

describe('MetricWriter', () => {
  let now = 0;
  let writes: MetricPointInput[][] = [];
  const writer = (maxRows: number, maxAgeMs: number) =>
    new MetricWriter({ write: async (points) => void writes.push([...points]), maxRows, maxAgeMs, now: () => now });

  beforeEach(() => {
    now = 0;
    writes = [];
  });

  it('writes when enough rows wait, and what is left on flush', async () => {
    const metrics = writer(3, 60_000);
    await metrics.add([point(0), point(1)]);
    expect(writes).toEqual([]);
    await metrics.add([point(2)]);
    await metrics.add([point(3)]);
    expect(writes).toEqual([[point(0), point(1), point(2)]]);
    await metrics.flush();
    await metrics.flush();
    expect(writes).toEqual([[point(0), point(1), point(2)], [point(3)]]);
    expect(metrics.pending).toBe(0);
  });

  it('writes when the oldest waiting row is old enough', async () => {
    const metrics = writer(1000, 500);
    await metrics.add([point(0)]);
    now = 499;
    await metrics.add([point(1)]);
    expect(writes).toHaveLength(0);
    now = 500;
    await metrics.add([point(2)]);
    expect(writes).toEqual([[point(0), point(1), point(2)]]);
  });
});
