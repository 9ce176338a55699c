import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { PersistenceConfigError } from '../errors.js';

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

// Folders locked by this process: the pid file cannot tell two opens in one process apart.
const lockedHere = new Set<string>();

/**
 * PGlite does not lock its data folder (its postmaster.pid holds a fake pid), so two processes could open
 * the same folder, each with its own buffer cache, and corrupt it. We keep a pid file `<dataDir>.lock`
 * beside it instead; a lock whose process is gone (killed) is taken over. Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${path.resolve(dataDir)}.lock`;
  if (lockedHere.has(lockFile)) throw inUse(dataDir, process.pid, lockFile);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      lockedHere.add(lockFile);
      return async () => {
        lockedHere.delete(lockFile);
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw inUse(dataDir, owner, lockFile);
      }
      await rm(lockFile, { force: true }); // stale: its owner died
    }
  }
  throw new PersistenceConfigError(`could not lock the embedded database folder ${dataDir}`);
}

const inUse = (dataDir: string, owner: number, lockFile: string) =>
  new PersistenceConfigError(
    `the embedded database folder ${dataDir} is in use by process ${owner} (${lockFile}); ` +
      "connect to that process's server through its URL (DATABASE_URL) instead of opening the folder twice",
  );
