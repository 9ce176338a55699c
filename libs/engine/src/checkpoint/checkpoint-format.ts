import { createHash } from 'node:crypto';

/**
 * Binary layout, little-endian:
 *   "HSICCKPT" · u32 format version · u32 header length · header (UTF-8 JSON) · float32 payload · sha256
 * The digest covers every byte before it, so truncation, bit rot and foreign files all fail loudly.
 */
const MAGIC = new TextEncoder().encode('HSICCKPT');
export const CHECKPOINT_FORMAT_VERSION = 1;
const DIGEST_BYTES = 32;
const PREFIX_BYTES = MAGIC.length + 8;

export interface TensorEntry {
  readonly name: string;
  readonly shape: readonly number[];
  /** Offset and length in float32 elements within the payload. */
  readonly offset: number;
  readonly length: number;
}

export interface EncodedCheckpoint<H> {
  readonly header: H;
  readonly tensors: ReadonlyMap<string, { shape: readonly number[]; values: Float32Array }>;
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

export function encodeCheckpoint<H extends object>(header: H, tensors: readonly { name: string; shape: readonly number[]; values: Float32Array }[]): Uint8Array {
  let offset = 0;
  const entries: TensorEntry[] = tensors.map((t) => {
    const entry = { name: t.name, shape: [...t.shape], offset, length: t.values.length };
    offset += t.values.length;
    return entry;
  });
  const headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, tensors: entries }));
  const payloadStart = PREFIX_BYTES + headerBytes.length;
  // Pad the header so the payload is 4-byte aligned and can be viewed as float32 without copying.
  const padding = (4 - (payloadStart % 4)) % 4;
  const total = payloadStart + padding + offset * 4 + DIGEST_BYTES;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(MAGIC.length, CHECKPOINT_FORMAT_VERSION, true);
  view.setUint32(MAGIC.length + 4, headerBytes.length + padding, true);
  bytes.set(headerBytes, PREFIX_BYTES);
  bytes.fill(0x20, payloadStart, payloadStart + padding);
  const payload = new Float32Array(bytes.buffer, payloadStart + padding, offset);
  tensors.forEach((t, i) => payload.set(t.values, entries[i].offset));
  bytes.set(sha256(bytes.subarray(0, total - DIGEST_BYTES)), total - DIGEST_BYTES);
  return bytes;
}

export function decodeCheckpoint<H>(bytes: Uint8Array): EncodedCheckpoint<H> {
  if (bytes.length < PREFIX_BYTES + DIGEST_BYTES || !MAGIC.every((b, i) => bytes[i] === b)) {
    throw new CheckpointError('not an HSIC Studio checkpoint (the file does not start with "HSICCKPT")');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(MAGIC.length, true);
  if (version !== CHECKPOINT_FORMAT_VERSION) {
    throw new CheckpointError(`unsupported checkpoint format version ${version} (this engine reads version ${CHECKPOINT_FORMAT_VERSION})`);
  }
  const body = bytes.subarray(0, bytes.length - DIGEST_BYTES);
  const expected = bytes.subarray(bytes.length - DIGEST_BYTES);
  if (!sha256(body).every((b, i) => b === expected[i])) {
    throw new CheckpointError('checkpoint is corrupt: its sha256 checksum does not match its contents');
  }
  const headerLength = view.getUint32(MAGIC.length + 4, true);
  const payloadStart = PREFIX_BYTES + headerLength;
  if (payloadStart > body.length || (body.length - payloadStart) % 4 !== 0) {
    throw new CheckpointError('checkpoint is corrupt: its header length does not fit the file');
  }
  let parsed: H & { tensors?: TensorEntry[] };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX_BYTES, payloadStart)));
  } catch {
    throw new CheckpointError('checkpoint is corrupt: its header is not valid JSON');
  }
  const aligned = Uint8Array.from(body.subarray(payloadStart));
  const payload = new Float32Array(aligned.buffer);
  const tensors = new Map<string, { shape: readonly number[]; values: Float32Array }>();
  for (const entry of parsed.tensors ?? []) {
    const size = entry.shape.reduce((a, b) => a * b, 1);
    if (size !== entry.length || entry.offset < 0 || entry.offset + entry.length > payload.length) {
      throw new CheckpointError(`checkpoint is corrupt: tensor "${entry.name}" lies outside the payload`);
    }
    tensors.set(entry.name, { shape: entry.shape, values: payload.subarray(entry.offset, entry.offset + entry.length) });
  }
  const { tensors: _entries, ...header } = parsed;
  void _entries;
  return { header: header as H, tensors };
}

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
