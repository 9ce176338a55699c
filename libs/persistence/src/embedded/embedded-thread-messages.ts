/** What startEmbeddedPostgres hands its database thread. */
export interface EmbeddedThreadData {
  readonly dataDir?: string;
  readonly port: number;
  readonly maxConnections: number;
  /** Added to the thread's niceness (Linux and macOS set it per thread). */
  readonly niceness: number;
}

export type ToEmbeddedThread = { readonly type: 'stop' };

export type FromEmbeddedThread =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'stopped' }
  | { readonly type: 'failed'; readonly error: string };
