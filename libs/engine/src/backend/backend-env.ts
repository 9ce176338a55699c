import { z } from 'zod';
import { parseBackendName, parseThreads, type InitBackendOptions } from './select-backend.js';

const parsedBy = <T>(parse: (value: string) => T | undefined) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return undefined;
      try {
        return parse(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

/**
 * The variables that choose the engine's backend, as fields each process role's environment module includes (the
 * API's, the worker's, the CLI's): a role reads and validates its environment once, at boot; the engine never reads it.
 */
export const backendEnvFields = {
  /** tensorflow-gpu | tensorflow | wasm | cpu — use exactly this one or fail. */
  HSIC_BACKEND: parsedBy((value) => parseBackendName(value, '')),
  /** 1..8 threads for the wasm backend (default 1; ≥2 = the threaded-SIMD build). */
  HSIC_WASM_THREADS: parsedBy((value) => parseThreads(value, '')),
};

const backendEnvSchema = z.object(backendEnvFields);

export type BackendEnv = z.infer<typeof backendEnvSchema>;

/** For a process that reads nothing else (benchmarks, scripts): these variables alone, checked. */
export function loadBackendEnv(env: NodeJS.ProcessEnv): BackendEnv {
  const parsed = backendEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new Error(`invalid environment: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
}

/** The backend a process asks for: HSIC_BACKEND and HSIC_WASM_THREADS as initBackend takes them. */
export type BackendChoice = Pick<InitBackendOptions, 'force' | 'threads'>;

/** What initBackend needs from those variables. */
export function backendOptionsFrom(env: Partial<BackendEnv>): BackendChoice {
  return {
    ...(env.HSIC_BACKEND === undefined ? {} : { force: env.HSIC_BACKEND }),
    ...(env.HSIC_WASM_THREADS === undefined ? {} : { threads: env.HSIC_WASM_THREADS }),
  };
}
