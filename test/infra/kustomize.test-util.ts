// Just enough of `kustomize build` to check our manifests without kubectl: resources (files and folders),
// components, secret/configMap generators, namespace, and the two patch forms we use (JSON6902 ops with a
// target, and strategic-merge `$patch: delete`). Other patch forms are checked for existence only.
// Everything a reference points at must exist; what cannot be followed is reported as a problem.
import path from 'node:path';
import { at, dict, type Dict, isDict, list, parseYamlDocuments, type Repo, text } from './repo.test-util.js';

export interface KustomizeBuild {
  objects: Dict[];
  /** `images[].name` entries, to check each one names an image some container uses. */
  imageNames: string[];
  problems: string[];
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass', 'PersistentVolume']);
const REMOTE = /^(?:https?:\/\/|git@|github\.com\/)/;

export function kustomizationFile(dir: string, repo: Repo): string | undefined {
  return KUSTOMIZATION_FILES.map((name) => path.posix.join(dir, name)).find((file) => repo.exists(file));
}

export function buildKustomization(dir: string, repo: Repo, expectedKind: 'Kustomization' | 'Component' = 'Kustomization'): KustomizeBuild {
  const build: KustomizeBuild = { objects: [], imageNames: [], problems: [] };
  const file = kustomizationFile(dir, repo);
  if (!file) {
    build.problems.push(`${dir}: no kustomization.yaml`);
    return build;
  }
  const [spec] = parseYamlDocuments(repo.readText(file), file);
  if (at(spec, 'kind') !== expectedKind) build.problems.push(`${file}: kind is ${String(at(spec, 'kind'))}, expected ${expectedKind}`);
  const from = (entry: string) => path.posix.normalize(path.posix.join(dir, entry));
  const missing = (field: string, entry: string) => `${file}: ${field} entry '${entry}' does not exist`;

  for (const entry of list(at(spec, 'resources')).map(String)) {
    if (REMOTE.test(entry)) continue;
    const target = from(entry);
    if (!repo.exists(target)) build.problems.push(missing('resources', entry));
    else if (repo.isDirectory(target)) merge(build, buildKustomization(target, repo, 'Kustomization'));
    else for (const object of parseYamlDocuments(repo.readText(target), target)) if (isDict(object)) build.objects.push(object);
  }

  for (const kind of ['secretGenerator', 'configMapGenerator'] as const) {
    for (const generator of list(at(spec, kind))) {
      const sources = [...list(at(generator, 'files')), ...list(at(generator, 'envs')), ...(text(at(generator, 'env')) ? [at(generator, 'env')] : [])];
      for (const source of sources.map(String)) {
        const relative = source.includes('=') ? source.slice(source.indexOf('=') + 1) : source;
        if (!repo.exists(from(relative))) build.problems.push(missing(kind, source));
      }
      const data = Object.fromEntries(list(at(generator, 'literals')).map((literal) => [String(literal).split('=')[0], '']));
      build.objects.push({
        apiVersion: 'v1',
        kind: kind === 'secretGenerator' ? 'Secret' : 'ConfigMap',
        metadata: { name: text(at(generator, 'name')) ?? '' },
        data,
      });
    }
  }

  for (const entry of list(at(spec, 'components')).map(String)) {
    const target = from(entry);
    if (!repo.isDirectory(target)) {
      build.problems.push(missing('components', entry));
      continue;
    }
    // A component adds its resources, then patches everything built so far (its own patches are not
    // applied inside its build, where the objects they target do not exist).
    merge(build, buildKustomization(target, repo, 'Component'));
    applyPatches(build, target, repo);
  }
  if (expectedKind === 'Kustomization') applyPatches(build, dir, repo);

  const namespace = text(at(spec, 'namespace'));
  if (namespace) {
    for (const object of build.objects) if (!CLUSTER_SCOPED.has(String(at(object, 'kind')))) dict(object.metadata).namespace = namespace;
  }
  build.imageNames.push(...list(at(spec, 'images')).map((image) => String(at(image, 'name'))));
  return build;
}

function merge(into: KustomizeBuild, from: KustomizeBuild): void {
  into.objects.push(...from.objects);
  into.imageNames.push(...from.imageNames);
  into.problems.push(...from.problems);
}

/** Applies the `patches:` of the kustomization in `dir` to the objects built so far. */
function applyPatches(build: KustomizeBuild, dir: string, repo: Repo): void {
  const file = kustomizationFile(dir, repo);
  if (!file) return;
  const [spec] = parseYamlDocuments(repo.readText(file), file);
  for (const [index, patch] of list(at(spec, 'patches')).entries()) {
    const where = `${file}: patches[${index}]`;
    const patchPath = text(at(patch, 'path'));
    if (patchPath && !repo.exists(path.posix.join(dir, patchPath))) {
      build.problems.push(`${where}: path '${patchPath}' does not exist`);
      continue;
    }
    const body = patchPath ? repo.readText(path.posix.join(dir, patchPath)) : (text(at(patch, 'patch')) ?? '');
    const [parsed] = parseYamlDocuments(body, where);
    if (Array.isArray(parsed)) {
      const targets = build.objects.filter((object) => matchesTarget(object, dict(at(patch, 'target'))));
      if (targets.length === 0) build.problems.push(`${where}: target matches no object`);
      for (const target of targets) {
        try {
          applyJsonPatch(target, parsed);
        } catch (error) {
          build.problems.push(`${where}: ${(error as Error).message}`);
        }
      }
    } else if (at(parsed, '$patch') === 'delete') {
      const before = build.objects.length;
      build.objects = build.objects.filter((object) => !(at(object, 'kind') === at(parsed, 'kind') && at(object, 'metadata', 'name') === at(parsed, 'metadata', 'name')));
      if (build.objects.length === before) build.problems.push(`${where}: deletes ${String(at(parsed, 'kind'))}/${String(at(parsed, 'metadata', 'name'))}, which is not there`);
    }
  }
}

function matchesTarget(object: Dict, target: Dict): boolean {
  const [group, version] = String(object.apiVersion ?? '').includes('/') ? String(object.apiVersion).split('/') : ['', String(object.apiVersion ?? '')];
  return (
    (target.kind === undefined || target.kind === object.kind) &&
    (target.name === undefined || target.name === at(object, 'metadata', 'name')) &&
    (target.group === undefined || target.group === group) &&
    (target.version === undefined || target.version === version)
  );
}

/** RFC 6902 add / remove / replace / test on a parsed object; throws on a path that is not there. */
export function applyJsonPatch(document: Dict, operations: unknown[]): void {
  for (const operation of operations) {
    const op = String(at(operation, 'op'));
    const pointer = String(at(operation, 'path'));
    if (!['add', 'remove', 'replace', 'test'].includes(op)) throw new Error(`${op} ${pointer}: op not supported by this reader`);
    const keys = pointer.split('/').slice(1).map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop();
    if (last === undefined) throw new Error(`${op} ${pointer}: empty path`);
    let parent: unknown = document;
    for (const key of keys) {
      parent = Array.isArray(parent) ? parent[Number(key)] : isDict(parent) ? parent[key] : undefined;
      if (parent === undefined) throw new Error(`${op} ${pointer}: '${key}' does not exist`);
    }
    const value = at(operation, 'value');
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      const exists = Number.isInteger(index) && index >= 0 && index < parent.length;
      if (op === 'add') parent.splice(index, 0, value);
      else if (!exists) throw new Error(`${op} ${pointer}: index ${last} does not exist`);
      else if (op === 'remove') parent.splice(index, 1);
      else if (op === 'replace') parent[index] = value;
      else if (op === 'test' && JSON.stringify(parent[index]) !== JSON.stringify(value)) throw new Error(`test ${pointer} failed: found ${JSON.stringify(parent[index])}`);
    } else if (isDict(parent)) {
      if (op !== 'add' && !(last in parent)) throw new Error(`${op} ${pointer}: '${last}' does not exist`);
      if (op === 'add' || op === 'replace') parent[last] = value;
      else if (op === 'remove') delete parent[last];
      else if (op === 'test' && JSON.stringify(parent[last]) !== JSON.stringify(value)) throw new Error(`test ${pointer} failed: found ${JSON.stringify(parent[last])}`);
    } else {
      throw new Error(`${op} ${pointer}: parent is not an object or array`);
    }
  }
}
