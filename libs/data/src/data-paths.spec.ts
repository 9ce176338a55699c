import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultDataRoot, defaultDatasetDir } from './data-paths.js';

describe('data directories', () => {
  it('uses $HSIC_DATA_DIR as the root, resolved to an absolute path', () => {
    expect(defaultDataRoot({ HSIC_DATA_DIR: 'rel/data', XDG_CACHE_HOME: '/xdg' })).toBe(resolve('rel/data'));
    expect(defaultDatasetDir('cifar10', { HSIC_DATA_DIR: '/data' })).toBe('/data/cifar10');
  });

  it('falls back to the XDG cache, then ~/.cache', () => {
    expect(defaultDataRoot({ XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/hsic-studio');
    expect(defaultDataRoot({})).toBe(join(homedir(), '.cache', 'hsic-studio'));
    expect(defaultDatasetDir('mnist', {})).toBe(join(homedir(), '.cache', 'hsic-studio', 'mnist'));
  });

  it('treats an empty $HSIC_DATA_DIR as unset', () => {
    expect(defaultDataRoot({ HSIC_DATA_DIR: '', XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/hsic-studio');
  });
});
