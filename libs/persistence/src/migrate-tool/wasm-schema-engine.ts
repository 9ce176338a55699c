// Prisma's schema engine (what `prisma migrate dev/diff/status` run) as wasm, driven through a driver adapter:
// no native binary, no download. The package is a wasm-bindgen "bundler" build (`import * as wasm from
// "./x.wasm"`), which Node 20 cannot import, so we instantiate the .wasm by hand with the JS glue as imports.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { pgliteScratch, type DatabaseOpener } from './scratch-databases.js';

export type { SchemaEngine };

interface PanicRegistry {
  set_message(message: string): void;
}

// The engine reports Rust panics through this global before trapping ("RuntimeError: unreachable"); without
// it a panic surfaces as "Cannot read properties of undefined (reading 'set_message')".
const globals = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
globals.PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message: (message) => console.error(`[schema-engine-wasm panic] ${message}`),
};

// Our lib settings (ES2023, no DOM) carry no WebAssembly typings: declare the one call we make.
interface WasmRuntime {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const { WebAssembly: wasmRuntime } = globalThis as unknown as { WebAssembly: WasmRuntime };

let loaded: Promise<typeof glue> | undefined;

/**
 * The engine arms 10-second timers (timeouts of its futures) that outlive its work and would keep a finished
 * process (or a test run) alive; unref them, since open connections keep the process alive anyway.
 */
function withUnrefTimers(imports: object): object {
  const wrapped: Record<string, unknown> = { ...imports };
  for (const [name, value] of Object.entries(imports)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function') continue;
    wrapped[name] = (...args: unknown[]) => {
      const timer = (value as (...a: unknown[]) => unknown)(...args);
      (timer as { unref?: () => void } | null)?.unref?.();
      return timer;
    };
  }
  return wrapped;
}

function loadWasm(): Promise<typeof glue> {
  return (loaded ??= (async () => {
    const gluePath = fileURLToPath(import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    // The .wasm file is not in the package's exports map: read it from beside the glue.
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const { instance } = await wasmRuntime.instantiate(bytes, { './schema_engine_bg.js': withUnrefTimers(glue) });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })());
}

/**
 * Hands the engine its connections and remembers every one, so close() can make sure all are disposed:
 * the engine disposes shadow databases itself but without waiting, and leaves the main ones to us.
 */
class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';
  private readonly disposals: Promise<void>[] = [];
  private readonly open = new Set<() => Promise<void>>();

  constructor(
    private readonly main: DatabaseOpener,
    private readonly shadow: DatabaseOpener,
  ) {}

  connect(): Promise<SqlDriverAdapter> {
    return this.track(this.main());
  }

  connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.track(this.shadow());
  }

  /** Disposes what is still open and waits for disposals the engine started. */
  async disposeAll(): Promise<void> {
    await Promise.all([...this.open].map((dispose) => dispose()));
    await Promise.all(this.disposals);
  }

  private async track(opening: Promise<SqlDriverAdapter>): Promise<SqlDriverAdapter> {
    const adapter = await opening;
    const dispose = adapter.dispose.bind(adapter);
    let disposing: Promise<void> | undefined;
    const disposeOnce = () => {
      if (!disposing) {
        this.open.delete(disposeOnce);
        disposing = dispose();
        this.disposals.push(disposing.catch(() => {}));
      }
      return disposing;
    };
    this.open.add(disposeOnce);
    adapter.dispose = disposeOnce;
    return adapter;
  }
}

export interface OpenSchemaEngineOptions {
  /** The engine connects to this database eagerly, even for diff. */
  readonly main: DatabaseOpener;
  /** Where migrations are replayed (default: in-memory PGlite). */
  readonly shadow?: DatabaseOpener;
  /** Prisma schema files [path, content], for createMigration and diffs from the schema. */
  readonly schemaFiles?: [string, string][];
  readonly log?: (message: string) => void;
}

export interface SchemaEngineHandle {
  readonly engine: SchemaEngine;
  close(): Promise<void>;
}

export async function openSchemaEngine(options: OpenSchemaEngineOptions): Promise<SchemaEngineHandle> {
  const wasm = await loadWasm();
  const factory = new MigrationAdapterFactory(options.main, options.shadow ?? pgliteScratch);
  const log = options.log ?? (() => {});
  const engine = await wasm.SchemaEngine.new(
    { datamodels: options.schemaFiles },
    (message: string) => log(message),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    async close() {
      engine.free(); // does not close the adapters' pools
      await factory.disposeAll();
    },
  };
}
