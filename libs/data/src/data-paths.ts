import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { DatasetName } from './dataset-types.js';

/** Where Debian's `dataset-fashion-mnist` package installs the four IDX files. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export const DATA_DIR_ENV = 'HSIC_DATA_DIR';

const emptyAsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * The variables that say where datasets live, as fields each process role's environment module includes (the API's,
 * the worker's, the CLI's): a role reads and validates its environment once, at boot; this library never reads it.
 */
export const dataEnvFields = {
  /** Root under which each dataset has its own directory (`<root>/<name>`). */
  [DATA_DIR_ENV]: z.preprocess(emptyAsUnset, z.string().optional()),
  /** The XDG cache, used when HSIC_DATA_DIR is unset. */
  XDG_CACHE_HOME: z.preprocess(emptyAsUnset, z.string().optional()),
} as const;

export interface DataEnv {
  readonly HSIC_DATA_DIR?: string;
  readonly XDG_CACHE_HOME?: string;
}

/**
 * Root under which each dataset has its own directory (`<root>/<name>`).
 * `$HSIC_DATA_DIR` wins; otherwise the XDG cache (`$XDG_CACHE_HOME` or ~/.cache) so the
 * data survives reinstalling the tool but can be wiped as a cache.
 */
export function defaultDataRoot(env: DataEnv = {}): string {
  const fromEnv = env.HSIC_DATA_DIR;
  if (fromEnv) return resolve(fromEnv);
  const cacheHome = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'hsic-studio');
}

/** The directory `downloadDataset` writes to and loaders search first for `name`. */
export function defaultDatasetDir(name: DatasetName, env: DataEnv = {}): string {
  return join(defaultDataRoot(env), name);
}
