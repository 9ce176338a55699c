import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lockDataDir } from './data-dir-lock.js';

describe('lockDataDir', () => {
  let root: string;
  let dataDir: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hsic-lock-'));
    dataDir = path.join(root, 'pglite');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('writes our pid beside the folder and removes it on release', async () => {
    const release = await lockDataDir(dataDir);
    expect(await readFile(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    await release();
    await expect(readFile(`${dataDir}.lock`, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses a folder this process already holds', async () => {
    const release = await lockDataDir(dataDir);
    await expect(lockDataDir(`${dataDir}/`)).rejects.toThrow(`is in use by process ${process.pid}`);
    await release();
  });

  it('refuses a folder held by another live process', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await writeFile(`${dataDir}.lock`, String(other.pid));
      await expect(lockDataDir(dataDir)).rejects.toThrow(`is in use by process ${other.pid}`);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over the lock of a process that died', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('exit', resolve));
    await writeFile(`${dataDir}.lock`, String(dead.pid));
    const release = await lockDataDir(dataDir);
    expect(await readFile(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    await release();
  });
});
