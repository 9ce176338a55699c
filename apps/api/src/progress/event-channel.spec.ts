import { EventChannel } from './event-channel.js';

describe('EventChannel', () => {
  it('delivers pushed values in order, buffered or awaited, then completes after end()', async () => {
    const channel = new EventChannel<number>();
    channel.push(1);
    const pending = channel.next();
    expect(await pending).toEqual({ value: 1, done: false });
    const awaited = channel.next();
    channel.push(2);
    channel.push(3);
    channel.end();
    expect(await awaited).toEqual({ value: 2, done: false });
    expect(await channel.next()).toEqual({ value: 3, done: false });
    expect(await channel.next()).toEqual({ value: undefined, done: true });
  });

  it('runs onClose once, whether the consumer returns or the producer ends', async () => {
    const closes: string[] = [];
    const consumerStops = new EventChannel<number>(() => closes.push('consumer'));
    await consumerStops.return();
    consumerStops.end();
    const producerEnds = new EventChannel<number>(() => closes.push('producer'));
    producerEnds.end();
    await producerEnds.return();
    expect(closes).toEqual(['consumer', 'producer']);
  });

  it('rejects a waiting consumer when the producer fails', async () => {
    const channel = new EventChannel<number>();
    const waiting = channel.next();
    channel.fail(new Error('database gone'));
    await expect(waiting).rejects.toThrow('database gone');
  });
});
