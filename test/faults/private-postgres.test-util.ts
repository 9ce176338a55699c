// A PostgreSQL cluster of a test's own (initdb in a temporary folder, its own port), so a test can stop,
// crash and restart a database on purpose. Never the shared server on 5432. Uses the server binaries of the
// machine (Debian's /usr/lib/postgresql/<version>/bin); as root, they run as the `postgres` user.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/free-port.test-util.js';

const exec = promisify(execFile);

function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl'))) : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server binaries under ${root} (Debian package postgresql)`);
  return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

export class PrivatePostgres {
  private running = false;

  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
    private readonly asUser: { uid: number; gid: number } | null,
  ) {}

  /** initdb (trust auth, fsync off: a test cluster) and start; `url` then names its `postgres` database. */
  static async start(): Promise<PrivatePostgres> {
    const bin = serverBinaries();
    const dir = await mkdtemp(path.join(tmpdir(), 'hsic-private-pg-'));
    const asUser = process.getuid?.() === 0 ? await postgresUser() : null;
    if (asUser) {
      await chown(dir, asUser.uid, asUser.gid);
      await chmod(dir, 0o700);
    }
    const cluster = new PrivatePostgres(bin, dir, await freePort(), asUser);
    await cluster.run('initdb', ['-D', cluster.dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    await cluster.startServer();
    return cluster;
  }

  get url(): string {
    return this.urlOf('postgres');
  }

  urlOf(database: string): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    await this.run('psql', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', 'postgres', '-c', `CREATE DATABASE "${name}"`]);
    return this.urlOf(name);
  }

  /** Runs SQL through psql (from outside any client the code under test holds). */
  async sql(database: string, statement: string): Promise<string> {
    const { stdout } = await this.run('psql', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', database, '-At', '-c', statement]);
    return stdout.trim();
  }

  /**
   * Stops the server. 'immediate' is a crash as far as clients see: connections drop at once, nothing is
   * flushed politely (the next start recovers from the WAL).
   */
  async stop(mode: 'fast' | 'immediate' = 'immediate'): Promise<void> {
    if (!this.running) return;
    await this.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
    this.running = false;
  }

  /** Starts it again on the same port with the same data. */
  async startServer(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c max_connections=200`;
    await this.run('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', path.join(this.dir, 'server.log'), '-w', '-t', '60', 'start']);
    this.running = true;
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  private run(tool: string, args: string[]) {
    const file = path.join(this.bin, tool);
    return this.asUser
      ? exec('runuser', ['-u', 'postgres', '--', file, ...args], { env: { ...process.env, PGCONNECT_TIMEOUT: '5' } })
      : exec(file, args, { env: { ...process.env, PGCONNECT_TIMEOUT: '5' } });
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await exec('id', ['-u', 'postgres']);
  const { stdout: group } = await exec('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
}
