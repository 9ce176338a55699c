// node --import ./register-ts.mjs child.ts: run a TypeScript test helper in a child process.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
