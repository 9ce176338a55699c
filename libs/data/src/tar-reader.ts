/**
 * A minimal streaming reader for POSIX ustar / GNU tar archives, enough to unpack dataset
 * tarballs without a dependency: regular files, directories, GNU long names ('L') and pax
 * `path`/`size` records ('x'). Selected entries are buffered whole in memory, so it suits
 * archives whose wanted members are tens of MB (CIFAR batches are 30 MB), not arbitrary sizes.
 */

export interface TarEntry {
  /** Path inside the archive, e.g. "cifar-10-batches-bin/data_batch_1.bin". */
  readonly path: string;
  readonly type: 'file' | 'directory' | 'other';
  readonly size: number;
  /** Contents for selected files; empty for everything else. */
  readonly data: Uint8Array;
}

export interface TarReadOptions {
  /** Which file entries to keep in memory; the bytes of the others are skipped. Default: all. */
  readonly select?: (path: string) => boolean;
}

export class TarFormatError extends Error {
  override readonly name = 'TarFormatError';
}

const BLOCK = 512;

export async function* readTarEntries(
  source: AsyncIterable<Uint8Array>,
  options: TarReadOptions = {},
): AsyncGenerator<TarEntry> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    yield* entries(new ExactReader(iterator), options);
  } finally {
    // Stopping at the end marker (or on an error) must still release the underlying stream.
    await iterator.return?.();
  }
}

async function* entries(reader: ExactReader, options: TarReadOptions): AsyncGenerator<TarEntry> {
  let pendingPath: string | null = null;
  let pendingSize: number | null = null;

  for (;;) {
    const offset = reader.position;
    const header = await reader.read(BLOCK);
    if (header === null) throw new TarFormatError('tar archive ended without its end-of-archive marker (truncated download?)');
    if (header.every((b) => b === 0)) return;

    verifyChecksum(header, offset);
    const typeFlag = String.fromCharCode(header[156]);
    const size = pendingSize ?? parseNumber(header.subarray(124, 136), offset);
    const paddedSize = Math.ceil(size / BLOCK) * BLOCK;

    if (typeFlag === 'L' || typeFlag === 'x' || typeFlag === 'g') {
      const body = await reader.readOrThrow(paddedSize, offset);
      const text = new TextDecoder().decode(body.subarray(0, size));
      if (typeFlag === 'L') pendingPath = text.replace(/\0+$/, '');
      if (typeFlag === 'x') {
        const records = parsePax(text);
        pendingPath = records.get('path') ?? pendingPath;
        pendingSize = records.has('size') ? Number(records.get('size')) : pendingSize;
      }
      continue;
    }

    const path = pendingPath ?? headerPath(header);
    pendingPath = null;
    pendingSize = null;
    const type = typeFlag === '0' || typeFlag === '\0' || typeFlag === '7' ? 'file' : typeFlag === '5' ? 'directory' : 'other';
    const keep = type === 'file' && (options.select?.(path) ?? true);
    if (keep) {
      const body = await reader.readOrThrow(paddedSize, offset);
      yield { path, type, size, data: body.slice(0, size) };
    } else {
      await reader.skipOrThrow(paddedSize, offset);
      yield { path, type, size, data: new Uint8Array(0) };
    }
  }
}

function headerPath(header: Uint8Array): string {
  const name = cString(header.subarray(0, 100));
  // Only POSIX ustar ("ustar\0") has a prefix field; GNU ("ustar ") stores other data there.
  const isPosixUstar = cString(header.subarray(257, 263)) === 'ustar' && header[262] === 0;
  const prefix = isPosixUstar ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function verifyChecksum(header: Uint8Array, offset: number): void {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  const stored = parseNumber(header.subarray(148, 156), offset);
  if (stored !== sum) {
    throw new TarFormatError(`corrupt tar header at byte ${offset}: checksum ${stored}, computed ${sum}`);
  }
}

/** Octal text, or GNU base-256 (high bit set) for sizes of 8 GiB and more. */
function parseNumber(field: Uint8Array, offset: number): number {
  if (field[0] & 0x80) {
    let value = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    return value;
  }
  const text = cString(field).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`corrupt tar header at byte ${offset}: bad number '${text}'`);
  return parseInt(text, 8);
}

function parsePax(text: string): Map<string, string> {
  const records = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\d+ ([^=]+)=(.*)$/s.exec(line);
    if (match) records.set(match[1], match[2]);
  }
  return records;
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
}

/** Reads exact byte counts from an iterator of arbitrarily sized chunks. */
class ExactReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private ended = false;
  position = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** Exactly n bytes, or null if the stream ends first. */
  async read(n: number): Promise<Uint8Array | null> {
    while (this.buffered < n && !this.ended) await this.pull();
    if (this.buffered < n) return null;
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = this.chunks[0];
      const take = Math.min(head.length, n - filled);
      out.set(head.subarray(0, take), filled);
      this.consume(take);
      filled += take;
    }
    return out;
  }

  async readOrThrow(n: number, headerOffset: number): Promise<Uint8Array> {
    const bytes = await this.read(n);
    if (bytes === null) throw truncated(headerOffset);
    return bytes;
  }

  /** Discards n bytes without ever holding them all. */
  async skipOrThrow(n: number, headerOffset: number): Promise<void> {
    let left = n;
    while (left > 0) {
      if (this.buffered === 0) {
        if (this.ended) throw truncated(headerOffset);
        await this.pull();
        continue;
      }
      const take = Math.min(this.chunks[0].length, left);
      this.consume(take);
      left -= take;
    }
  }

  private consume(n: number): void {
    const head = this.chunks[0];
    if (n === head.length) this.chunks.shift();
    else this.chunks[0] = head.subarray(n);
    this.buffered -= n;
    this.position += n;
  }

  private async pull(): Promise<void> {
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return;
    }
    if (next.value.length > 0) {
      this.chunks.push(next.value);
      this.buffered += next.value.length;
    }
  }
}

function truncated(headerOffset: number): TarFormatError {
  return new TarFormatError(`tar archive is truncated inside the entry whose header starts at byte ${headerOffset}`);
}
