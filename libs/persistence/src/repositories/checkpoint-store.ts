import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where checkpoint bytes live when they are not stored inline in the database (the default). The database
 * keeps the URI, size and sha256; reads are verified against the sha256 either way.
 */
export interface CheckpointBlobStore {
  /** Stores the bytes under a key unique to the checkpoint; returns the URI to record. */
  put(key: string, bytes: Uint8Array): Promise<string>;
  get(uri: string): Promise<Uint8Array>;
  delete(uri: string): Promise<void>;
}

/** Checkpoint files in a local folder, recorded as file:// URIs. */
export class FileCheckpointStore implements CheckpointBlobStore {
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Uint8Array): Promise<string> {
    const file = path.join(this.root, ...key.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
    return pathToFileURL(file).href;
  }

  async get(uri: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.fileOf(uri)));
  }

  async delete(uri: string): Promise<void> {
    await rm(this.fileOf(uri), { force: true });
  }

  private fileOf(uri: string): string {
    if (!uri.startsWith('file:')) throw new Error(`not a file:// checkpoint URI: ${uri}`);
    return fileURLToPath(uri);
  }
}
