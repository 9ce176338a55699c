// Read access to the repository for the infra checks, behind an interface so the checks can also run
// against a handful of in-memory files (to prove they catch mistakes).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Repo {
  /** Whether a file or folder exists at a repo-relative path. */
  exists(relative: string): boolean;
  isDirectory(relative: string): boolean;
  readText(relative: string): string;
  /** Root package.json scripts. */
  scripts: Record<string, string>;
}

export function diskRepo(root = REPO_ROOT): Repo {
  const abs = (relative: string) => path.join(root, relative);
  const pkg = JSON.parse(readFileSync(abs('package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return {
    exists: (relative) => existsSync(abs(relative)),
    isDirectory: (relative) => existsSync(abs(relative)) && statSync(abs(relative)).isDirectory(),
    readText: (relative) => readFileSync(abs(relative), 'utf8'),
    scripts: pkg.scripts ?? {},
  };
}

/** A repo made of the given files (folders are implied by the paths). */
export function memoryRepo(files: Record<string, string>, scripts: Record<string, string> = {}): Repo {
  const normal = (relative: string) => path.posix.normalize(relative).replace(/\/$/, '');
  const isDirectory = (relative: string) => {
    const dir = normal(relative);
    return dir === '.' || Object.keys(files).some((file) => file.startsWith(`${dir}/`));
  };
  return {
    exists: (relative) => normal(relative) in files || isDirectory(relative),
    isDirectory,
    readText: (relative) => {
      const text = files[normal(relative)];
      if (text === undefined) throw new Error(`no file ${relative}`);
      return text;
    },
    scripts,
  };
}

/** Repo-relative paths of the files under a folder (skipping node_modules and dist) that match. */
export function listRepoFiles(folder: string, matches: (name: string) => boolean, root = REPO_ROOT): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(child);
      } else if (matches(entry.name)) {
        found.push(child);
      }
    }
  };
  walk(folder);
  return found.sort();
}

/** Every document of a (multi-document) YAML text; throws naming the file and the first error. */
export function parseYamlDocuments(text: string, name: string): unknown[] {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return [];
  return documents.map((document) => {
    const [error] = [...document.errors, ...document.warnings];
    if (error) throw new Error(`${name}: ${error.message}`);
    return document.toJS() as unknown;
  });
}

// Narrowing helpers for parsed YAML/JSON (which is `unknown` until looked at).
export type Dict = Record<string, unknown>;
export const isDict = (value: unknown): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value);
export const dict = (value: unknown): Dict => (isDict(value) ? value : {});
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** Follows keys through nested objects; undefined as soon as one is missing. */
export function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = isDict(current) ? current[key] : undefined;
  return current;
}

/** `base` with some files added or replaced (e.g. a kustomization that switches a component on). */
export function withFiles(base: Repo, files: Record<string, string>): Repo {
  const extra = memoryRepo(files, base.scripts);
  return {
    exists: (relative) => extra.exists(relative) || base.exists(relative),
    isDirectory: (relative) => extra.isDirectory(relative) || base.isDirectory(relative),
    readText: (relative) => (extra.exists(relative) && !extra.isDirectory(relative) ? extra.readText(relative) : base.readText(relative)),
    scripts: base.scripts,
  };
}
