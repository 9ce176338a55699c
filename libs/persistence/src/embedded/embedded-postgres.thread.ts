// The embedded database's own thread: PGlite executes every statement synchronously, so on the caller's
// thread each query of any client (a worker's metric writes, the dashboard's reads) would stall that
// thread's event loop — the API's serving latency included. Here it stalls only this thread.
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { installSessionQueue } from './session-queue.js';
import type { EmbeddedThreadData, FromEmbeddedThread, ToEmbeddedThread } from './embedded-thread-messages.js';

const HOST = '127.0.0.1';
const port = parentPort;
if (!port) throw new Error('embedded-postgres.thread runs only as a worker thread (startEmbeddedPostgres starts it)');
const options = workerData as EmbeddedThreadData;
const send = (message: FromEmbeddedThread) => port.postMessage(message);
const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

// Pid 0 is this thread alone (Linux keeps a niceness per thread); raising one's own niceness needs no privilege.
if (options.niceness > 0) setPriority(Math.min(19, getPriority() + options.niceness));

let db: PGlite | undefined;
try {
  db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const server = new PGLiteSocketServer({ db, host: HOST, port: options.port, maxConnections: options.maxConnections });
  installSessionQueue(server, db);
  await server.start();
  const pglite = db;
  port.on('message', (message: ToEmbeddedThread) => {
    if (message.type !== 'stop') return;
    void (async () => {
      await server.stop();
      await pglite.close(); // flushes to the data folder
      send({ type: 'stopped' });
      port.close();
    })().catch((error: unknown) => send({ type: 'failed', error: describe(error) }));
  });
  send({ type: 'listening', port: Number(server.getServerConn().split(':').pop()) });
} catch (error) {
  await db?.close().catch(() => {});
  send({ type: 'failed', error: describe(error) });
  port.close();
}
