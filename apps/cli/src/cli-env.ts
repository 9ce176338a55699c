import { dataEnvFields, defaultDataRoot } from '@hsic/data';
import { backendEnvFields, backendOptionsFrom, type BackendChoice } from '@hsic/engine';
import { z } from 'zod';

const cliEnvSchema = z.object({ ...backendEnvFields, ...dataEnvFields });

/** What the CLI's commands take from the environment (`hsic keys` reads the database's variables itself). */
export interface CliEnv {
  /** HSIC_BACKEND and HSIC_WASM_THREADS, as initBackend takes them. */
  readonly backend: BackendChoice;
  /** Where datasets live: HSIC_DATA_DIR, else the XDG cache. */
  readonly dataRoot: string;
}

/** Reads and checks the variables once, before any command runs; a bad one is named with what it must be. */
export function loadCliEnv(env: NodeJS.ProcessEnv): CliEnv {
  const parsed = cliEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid environment: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return { backend: backendOptionsFrom(parsed.data), dataRoot: defaultDataRoot(parsed.data) };
}
