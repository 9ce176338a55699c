import { readTarEntries, TarFormatError, type TarEntry } from './tar-reader.js';
import { chunked, concat, makeTar } from './test-fixtures.test-util.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

async function collect(source: AsyncIterable<Uint8Array>, select?: (path: string) => boolean): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for await (const entry of readTarEntries(source, { select })) out.push(entry);
  return out;
}

describe('readTarEntries', () => {
  const big = Uint8Array.from({ length: 3073 * 2 }, (_, i) => (i * 31) % 251);
  const archive = makeTar([
    { name: 'cifar-10-batches-bin/', type: '5' },
    { name: 'cifar-10-batches-bin/data_batch_1.bin', data: big },
    { name: 'cifar-10-batches-bin/readme.html', data: text('<html>') },
    { name: 'empty.txt' },
  ]);

  it('yields files and directories with exact contents, whatever the chunking', async () => {
    for (const size of [1, 7, 511, 512, 513, 100000]) {
      const entries = await collect(chunked(archive, size));
      expect(entries.map((e) => [e.path, e.type, e.size])).toEqual([
        ['cifar-10-batches-bin/', 'directory', 0],
        ['cifar-10-batches-bin/data_batch_1.bin', 'file', big.length],
        ['cifar-10-batches-bin/readme.html', 'file', 6],
        ['empty.txt', 'file', 0],
      ]);
      expect(Buffer.from(entries[1].data).equals(Buffer.from(big))).toBe(true);
      expect(new TextDecoder().decode(entries[2].data)).toBe('<html>');
    }
  });

  it('skips the bytes of unselected files', async () => {
    const entries = await collect(chunked(archive, 1000), (path) => path.endsWith('.html'));
    expect(entries[1].data).toHaveLength(0);
    expect(new TextDecoder().decode(entries[2].data)).toBe('<html>');
  });

  it('understands ustar prefixes, GNU long names and pax paths', async () => {
    const longName = `${'d'.repeat(120)}/file.bin`;
    const pax = '28 path=pax/dir/renamed.bin\n';
    const entries = await collect(
      chunked(
        makeTar([
          { name: 'data.bin', prefix: 'some/prefix', data: text('a') },
          { name: '././@LongLink', type: 'L', data: text(`${longName}\0`) },
          { name: 'truncated-name', data: text('b') },
          { name: 'PaxHeader', type: 'x', data: text(pax) },
          { name: 'short', data: text('c') },
        ]),
        300,
      ),
    );
    expect(pax.length).toBe(28); // a pax record's length counts itself
    expect(entries.map((e) => e.path)).toEqual(['some/prefix/data.bin', longName, 'pax/dir/renamed.bin']);
  });

  it('rejects a truncated archive', async () => {
    await expect(collect(chunked(archive.subarray(0, 2000), 100))).rejects.toThrow(
      'tar archive is truncated inside the entry whose header starts at byte 512',
    );
    await expect(collect(chunked(archive.subarray(0, 512 * 2 + 6656), 100))).rejects.toThrow(
      'tar archive ended without its end-of-archive marker',
    );
  });

  it('rejects a header whose checksum does not match', async () => {
    const corrupt = Uint8Array.from(archive);
    corrupt[512 + 40] ^= 0xff;
    await expect(collect(chunked(corrupt, 4096))).rejects.toThrow(TarFormatError);
    await expect(collect(chunked(corrupt, 4096))).rejects.toThrow(/corrupt tar header at byte 512: checksum \d+, computed \d+/);
  });

  it('releases the source when stopping at the end marker', async () => {
    let returned = false;
    const source: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => {
        const inner = chunked(concat([archive, new Uint8Array(8192)]), 512);
        return {
          next: () => inner.next(),
          return: async () => {
            returned = true;
            return { done: true, value: undefined };
          },
        };
      },
    };
    await collect(source);
    expect(returned).toBe(true);
  });
});
