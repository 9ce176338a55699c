import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DatasetName } from './dataset-types.js';

/** Where Debian's `dataset-fashion-mnist` package installs the four IDX files. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export const DATA_DIR_ENV = 'HSIC_DATA_DIR';

/**
 * Root under which each dataset has its own directory (`<root>/<name>`).
 * `$HSIC_DATA_DIR` wins; otherwise the XDG cache (`$XDG_CACHE_HOME` or ~/.cache) so the
 * data survives reinstalling the tool but can be wiped as a cache.
 */
export function defaultDataRoot(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv) return resolve(fromEnv);
  const cacheHome = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(cacheHome, 'hsic-studio');
}

/** The directory `downloadDataset` writes to and loaders search first for `name`. */
export function defaultDatasetDir(name: DatasetName, env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataRoot(env), name);
}
