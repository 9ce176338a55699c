import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { basename, join } from 'node:path';
import type { ExpectedContent } from './download-sources.js';
import { DownloadError } from './errors.js';
import { nodeFetch, type FetchLike, type FetchResponseLike } from './fetch-like.js';
import { isErrnoCode } from './fs-utils.js';

export interface RemoteFile extends ExpectedContent {
  readonly url: string;
  /** Name of the file in the target directory. */
  readonly fileName: string;
}

export interface DownloadProgress {
  readonly fileName: string;
  readonly receivedBytes: number;
  /** From the expected size or Content-Length; null when neither is known. */
  readonly totalBytes: number | null;
}

export interface DownloadOptions {
  /** Defaults to Node's global fetch; inject a fake in tests. */
  readonly fetchImpl?: FetchLike;
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly signal?: AbortSignal;
}

export interface DownloadedFile {
  readonly fileName: string;
  readonly path: string;
  readonly bytes: number;
  /** Always computed, so a download can be pinned even where only MD5 is published. */
  readonly sha256: string;
  /** True when a verified copy was already present and nothing was fetched. */
  readonly reused: boolean;
}

export interface FileDigest {
  readonly bytes: number;
  readonly md5: string;
  readonly sha256: string;
}

/**
 * Downloads every file into `dir`, all or nothing: each goes to a hidden temp file in the same
 * directory, is checked against its expected size and checksums, and only when every file
 * passed are they renamed into place (rename within a directory is atomic). On any failure all
 * temp files are deleted, so a half-downloaded dataset never looks complete to the loaders.
 * Files already present and verified are kept without refetching.
 */
export async function downloadFiles(
  files: readonly RemoteFile[],
  dir: string,
  options: DownloadOptions = {},
): Promise<DownloadedFile[]> {
  const createdDir = await mkdir(dir, { recursive: true });
  const temps: string[] = [];
  try {
    const staged: { file: RemoteFile; tmp: string | null; digest: FileDigest }[] = [];
    for (const file of files) {
      const existing = await verifiedExisting(join(dir, file.fileName), file);
      if (existing !== null) {
        staged.push({ file, tmp: null, digest: existing });
        continue;
      }
      const tmp = tempPathFor(dir, file.fileName);
      temps.push(tmp);
      staged.push({ file, tmp, digest: await fetchToFile(file, tmp, options) });
    }
    const result: DownloadedFile[] = [];
    for (const { file, tmp, digest } of staged) {
      const path = join(dir, file.fileName);
      if (tmp !== null) await rename(tmp, path);
      result.push({ fileName: file.fileName, path, bytes: digest.bytes, sha256: digest.sha256, reused: tmp === null });
    }
    return result;
  } catch (error) {
    await removeQuietly(temps);
    if (createdDir !== undefined) await rmdir(dir).catch(() => undefined);
    throw error;
  }
}

/**
 * Streams `file.url` into `destination` (which must not exist yet) while hashing; deletes it
 * and throws a DownloadError if the transfer fails or the bytes do not match expectations.
 */
export async function fetchToFile(file: RemoteFile, destination: string, options: DownloadOptions = {}): Promise<FileDigest> {
  const fetchImpl = options.fetchImpl ?? nodeFetch;
  const fail = (message: string, cause?: unknown): DownloadError =>
    new DownloadError(`Download of ${file.fileName} from ${file.url} failed: ${message}`, file.url, cause);

  let response: FetchResponseLike;
  try {
    response = await fetchImpl(file.url, { signal: options.signal });
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error), error);
  }
  if (!response.ok) throw fail(`HTTP ${response.status} ${response.statusText}`.trim());
  if (response.body === null) throw fail('empty response body');

  const contentLength = Number(response.headers.get('content-length'));
  const totalBytes = file.size ?? (Number.isFinite(contentLength) && contentLength > 0 ? contentLength : null);
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let received = 0;
  try {
    await pipeline(
      response.body,
      async function* hashAndCount(source: AsyncIterable<Uint8Array>) {
        for await (const chunk of source) {
          received += chunk.length;
          // Stop early instead of writing hundreds of MB of an error page or a wrong file.
          if (file.size !== undefined && received > file.size) {
            throw fail(`size mismatch: expected ${file.size} bytes, received more`);
          }
          updateAll([md5, sha256], chunk);
          options.onProgress?.({ fileName: file.fileName, receivedBytes: received, totalBytes });
          yield chunk;
        }
      },
      createWriteStream(destination, { flags: 'wx' }),
    );
    const digest = { bytes: received, md5: md5.digest('hex'), sha256: sha256.digest('hex') };
    const problem = mismatch(file, digest);
    if (problem !== null) throw fail(`${problem}; the file was discarded`);
    return digest;
  } catch (error) {
    await removeQuietly([destination]);
    if (error instanceof DownloadError) throw error;
    throw fail(error instanceof Error ? error.message : String(error), error);
  }
}

/** Hashes a local file; used to accept files that are already present. */
export async function digestFile(path: string): Promise<FileDigest> {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    updateAll([md5, sha256], chunk);
  }
  return { bytes, md5: md5.digest('hex'), sha256: sha256.digest('hex') };
}

/** Null when the digest satisfies every expectation, else a sentence saying what differs. */
export function mismatch(expected: ExpectedContent, digest: FileDigest): string | null {
  if (expected.size !== undefined && digest.bytes !== expected.size) {
    return `size mismatch: expected ${expected.size} bytes, got ${digest.bytes}`;
  }
  if (expected.md5 !== undefined && digest.md5 !== expected.md5.toLowerCase()) {
    return `md5 checksum mismatch: expected ${expected.md5.toLowerCase()}, got ${digest.md5}`;
  }
  if (expected.sha256 !== undefined && digest.sha256 !== expected.sha256.toLowerCase()) {
    return `sha256 checksum mismatch: expected ${expected.sha256.toLowerCase()}, got ${digest.sha256}`;
  }
  return null;
}

export function tempPathFor(dir: string, fileName: string): string {
  return join(dir, `.${basename(fileName)}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
}

export async function removeQuietly(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((path) => unlink(path).catch(() => undefined)));
}

async function verifiedExisting(path: string, expected: ExpectedContent): Promise<FileDigest | null> {
  // Without any expectation we cannot tell a good file from a stale one, so refetch.
  if (expected.size === undefined && expected.md5 === undefined && expected.sha256 === undefined) return null;
  try {
    const info = await stat(path);
    if (!info.isFile() || (expected.size !== undefined && info.size !== expected.size)) return null;
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return null;
    throw error;
  }
  const digest = await digestFile(path);
  return mismatch(expected, digest) === null ? digest : null;
}

function updateAll(hashes: Hash[], chunk: Uint8Array): void {
  for (const hash of hashes) hash.update(chunk);
}
