import { gunzip, gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { DataFormatError } from './errors.js';

const gunzipAsync = promisify(gunzip);

/** True when the bytes start with the gzip magic 1f 8b (file extensions lie, magic does not). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function gunzipIfNeededSync(bytes: Uint8Array, source: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw corruptGzip(source, error);
  }
}

/** Async variant so decompressing a 26 MB file does not block the event loop of a server. */
export async function gunzipIfNeeded(bytes: Uint8Array, source: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzipAsync(bytes);
  } catch (error) {
    throw corruptGzip(source, error);
  }
}

function corruptGzip(source: string, error: unknown): DataFormatError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DataFormatError(`${source}: gzip data is corrupt or truncated (${reason})`, source);
}
