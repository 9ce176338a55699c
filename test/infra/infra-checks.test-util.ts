// The checks behind test/infra/infra.spec.ts. Each returns a list of problems (empty = fine) so the spec
// can show them all at once and can also feed them broken inputs to prove they fail.
import path from 'node:path';
import { finalStage, lastOf, type Dockerfile, type Instruction, parseDockerfile } from './dockerfile.test-util.js';
import { at, dict, type Dict, isDict, list, type Repo, text } from './repo.test-util.js';

/** The HTTP contract the deployment files rely on (apps/api must serve these). */
export const HEALTH_LIVE = '/v2/health/live';
export const HEALTH_READY = '/v2/health/ready';
export const METRICS_PATH = '/metrics';

// ---------------------------------------------------------------- npm scripts and repo paths

/** `npm run <script>` / `npm run-script <script>` occurrences in a command line. */
export function npmRunScripts(command: string): string[] {
  const scripts: string[] = [];
  for (const match of command.matchAll(/\bnpm\s+(?:run|run-script)\s+((?:--?[\w-]+(?:=\S+)?\s+)*)([^\s;&|)'"-][^\s;&|)'"]*)/g)) {
    scripts.push(match[2]);
  }
  return scripts;
}

export function missingScripts(command: string, repo: Repo, where: string): string[] {
  return npmRunScripts(command)
    .filter((script) => !(script in repo.scripts))
    .map((script) => `${where}: runs 'npm run ${script}', but package.json has no script '${script}'`);
}

const BUILT_FILE = /^(?:\.\/)?((?:apps|libs)\/[^/]+)\/dist\/(.+)\.([cm]?)js$/;
const REPO_SCRIPT = /^(?:\.\/)?[\w.-]+(?:\/[\w.-]+)+\.[cm]?js$/;

/**
 * A path a container runs. `apps/x/dist/y.js` exists only after the build, so its source
 * `apps/x/src/y.ts` must exist and the root build (`tsc -b tsconfig.json`) must compile apps/x into dist/.
 */
export function runnablePathProblems(token: string, repo: Repo, where: string): string[] {
  const built = BUILT_FILE.exec(token);
  if (built) {
    const [, project, rest, flavour] = built;
    const source = `${project}/src/${rest}.${flavour}ts`;
    const problems = repo.exists(source) ? [] : [`${where}: runs ${token}, built from ${source}, which does not exist`];
    return [...problems, ...buildCompilesProblems(project, repo, where)];
  }
  if (REPO_SCRIPT.test(token) && !token.startsWith('..') && !repo.exists(token)) return [`${where}: runs ${token}, which does not exist`];
  return [];
}

/** The root `build` script compiles `project` (via tsconfig.json references) from src/ into dist/. */
export function buildCompilesProblems(project: string, repo: Repo, where: string): string[] {
  const build = repo.scripts['build'] ?? '';
  if (!/\btsc\s+(?:-b|--build)\b/.test(build)) return [`${where}: the root 'build' script does not run tsc -b, so ${project}/dist is never produced`];
  const problems: string[] = [];
  const root = repo.exists('tsconfig.json') ? (JSON.parse(repo.readText('tsconfig.json')) as unknown) : {};
  const references = list(at(root, 'references')).map((reference) => path.posix.normalize(String(at(reference, 'path'))));
  if (!references.includes(project)) problems.push(`${where}: tsconfig.json does not reference ${project}, so 'npm run build' does not build it`);
  const projectConfig = `${project}/tsconfig.json`;
  if (!repo.exists(projectConfig)) return [...problems, `${where}: ${projectConfig} does not exist`];
  const options = dict(at(JSON.parse(repo.readText(projectConfig)) as unknown, 'compilerOptions'));
  if (options.outDir !== 'dist' || options.rootDir !== 'src') {
    problems.push(`${where}: ${projectConfig} must compile rootDir "src" to outDir "dist" (has ${String(options.rootDir)} → ${String(options.outDir)})`);
  }
  return problems;
}

// ---------------------------------------------------------------- Dockerfiles

/** A tiny .dockerignore matcher: `*`, `?`, `**` and folder prefixes; negations are ignored. */
export function isDockerIgnored(relative: string, patterns: string[]): boolean {
  const clean = path.posix.normalize(relative).replace(/^\.\//, '');
  return patterns
    .filter((pattern) => pattern !== '' && !pattern.startsWith('!'))
    .some((pattern) => {
      const source = pattern
        .replace(/^\/+/, '')
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '\u0000')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        .replace(/\u0000/g, '(?:.*/)?');
      return new RegExp(`^${source}(?:/.*)?$`).test(clean);
    });
}

export function readDockerignore(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

function words(instruction: Instruction): string[] {
  return instruction.exec ?? instruction.args.split(/\s+/).filter(Boolean);
}

/**
 * What a Dockerfile points at, checked against the repository (the build context is the repo root):
 * COPY sources exist and are not dockerignored, `COPY --from` names an earlier stage, every `npm run X`
 * exists, the files RUN/CMD/ENTRYPOINT execute exist (or are built by `npm run build`), the final stage
 * runs in exec form as a non-root user.
 */
export function dockerfileProblems(name: string, content: string, repo: Repo, ignorePatterns: string[]): string[] {
  let dockerfile: Dockerfile;
  try {
    dockerfile = parseDockerfile(content);
  } catch (error) {
    return [`${name}: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  const stagesSoFar = new Set<string>();
  let runsBuild = false;
  for (const stage of dockerfile.stages) {
    if (stage.base.includes('$')) problems.push(`${name}: FROM ${stage.base} uses an ARG without a default`);
    for (const instruction of stage.instructions) {
      const where = `${name}:${instruction.line}`;
      if (instruction.keyword === 'RUN') {
        const command = instruction.exec ? instruction.exec.join(' ') : instruction.args;
        problems.push(...missingScripts(command, repo, where));
        if (npmRunScripts(command).includes('build')) runsBuild = true;
        for (const [, script] of command.matchAll(/\bnode\s+(\S+\.[cm]?js)\b/g)) problems.push(...runnablePathProblems(script, repo, where));
      }
      if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
        const from = instruction.flags['from'];
        if (from !== undefined) {
          if (!stagesSoFar.has(from.toLowerCase()) && !/[:/]/.test(from)) problems.push(`${where}: COPY --from=${from} names no earlier stage`);
          continue;
        }
        for (const source of words(instruction).slice(0, -1)) {
          if (source === '.' || source === './') continue;
          if (!repo.exists(source)) problems.push(`${where}: COPY source ${source} does not exist`);
          else if (isDockerIgnored(source, ignorePatterns)) problems.push(`${where}: COPY source ${source} is excluded by the .dockerignore`);
        }
      }
    }
    if (stage.name) stagesSoFar.add(stage.name);
  }

  const final = finalStage(dockerfile);
  const entry = [lastOf(final, 'ENTRYPOINT'), lastOf(final, 'CMD')].filter((i): i is Instruction => i !== undefined);
  if (entry.length === 0) problems.push(`${name}: the final stage has no CMD or ENTRYPOINT`);
  for (const instruction of entry) {
    const where = `${name}:${instruction.line}`;
    if (!instruction.exec) problems.push(`${where}: ${instruction.keyword} in shell form: SIGTERM would reach /bin/sh, not node`);
    for (const token of words(instruction)) {
      if (BUILT_FILE.test(token) && !runsBuild) problems.push(`${where}: runs ${token}, but no RUN step runs 'npm run build'`);
      problems.push(...runnablePathProblems(token, repo, where));
    }
  }
  const user = lastOf(final, 'USER')?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') problems.push(`${name}: the final stage runs as root (add a USER)`);
  return problems;
}

// ---------------------------------------------------------------- docker compose

export function composeProblems(name: string, compose: unknown, composeDir: string, repo: Repo): string[] {
  const problems: string[] = [];
  const services = dict(at(compose, 'services'));
  const volumes = dict(at(compose, 'volumes'));
  if (Object.keys(services).length === 0) problems.push(`${name}: no services`);
  for (const [service, spec] of Object.entries(services)) {
    const where = `${name}: service ${service}`;
    const build = at(spec, 'build');
    if (build !== undefined) {
      const context = path.posix.normalize(path.posix.join(composeDir, text(build) ?? text(at(build, 'context')) ?? '.'));
      const dockerfile = path.posix.join(context, text(at(build, 'dockerfile')) ?? 'Dockerfile');
      if (!repo.isDirectory(context)) problems.push(`${where}: build context ${context} does not exist`);
      else if (!repo.exists(dockerfile)) problems.push(`${where}: ${dockerfile} does not exist`);
    } else if (!text(at(spec, 'image'))) {
      problems.push(`${where}: neither image nor build`);
    }
    for (const field of ['command', 'entrypoint']) {
      const value = at(spec, field);
      const command = Array.isArray(value) ? value.join(' ') : text(value);
      if (command) problems.push(...missingScripts(command, repo, `${where} ${field}`));
    }
    const dependsOn = at(spec, 'depends_on');
    const dependencies: Array<[string, unknown]> = Array.isArray(dependsOn) ? dependsOn.map((d) => [String(d), {}]) : Object.entries(dict(dependsOn));
    for (const [dependency, condition] of dependencies) {
      const target = services[dependency];
      if (target === undefined) {
        problems.push(`${where}: depends_on ${dependency}, which is not a service`);
        continue;
      }
      if (at(condition, 'condition') === 'service_healthy' && !hasHealthcheck(target, composeDir, repo)) {
        problems.push(`${where}: waits for ${dependency} to be healthy, but ${dependency} has no healthcheck`);
      }
    }
    for (const mount of list(at(spec, 'volumes')).map(String)) {
      const source = mount.split(':')[0];
      if (/^[\w-]+$/.test(source) && !(source in volumes)) problems.push(`${where}: named volume ${source} is not declared under volumes`);
    }
  }
  return problems;
}

function hasHealthcheck(service: unknown, composeDir: string, repo: Repo): boolean {
  if (isDict(at(service, 'healthcheck')) && at(service, 'healthcheck', 'disable') !== true) return true;
  const build = at(service, 'build');
  if (build === undefined) return false;
  const context = path.posix.join(composeDir, text(build) ?? text(at(build, 'context')) ?? '.');
  const dockerfile = path.posix.join(context, text(at(build, 'dockerfile')) ?? 'Dockerfile');
  if (!repo.exists(dockerfile)) return false;
  const final = finalStage(parseDockerfile(repo.readText(dockerfile)));
  const check = lastOf(final, 'HEALTHCHECK');
  return check !== undefined && check.exec !== null;
}

// ---------------------------------------------------------------- Kubernetes objects

const DNS_LABEL = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function podSpecOf(object: Dict): Dict | undefined {
  switch (object.kind) {
    case 'Pod':
      return dict(object.spec);
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return dict(at(object, 'spec', 'template', 'spec'));
    case 'CronJob':
      return dict(at(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec'));
    default:
      return undefined;
  }
}

export function containersOf(object: Dict): Dict[] {
  const spec = podSpecOf(object);
  return spec ? [...list(spec.initContainers), ...list(spec.containers)].map(dict) : [];
}

const PROBE_PATHS: Record<string, string> = { readinessProbe: HEALTH_READY, livenessProbe: HEALTH_LIVE, startupProbe: HEALTH_LIVE };

/** Required fields, resources on every container, probes on the documented paths and declared ports. */
export function k8sObjectProblems(object: Dict, source: string): string[] {
  const name = text(at(object, 'metadata', 'name'));
  const where = `${source}: ${String(object.kind)}/${name ?? '?'}`;
  const problems: string[] = [];
  if (!text(object.apiVersion)) problems.push(`${where}: apiVersion missing`);
  if (!text(object.kind)) problems.push(`${where}: kind missing`);
  if (!name) problems.push(`${where}: metadata.name missing`);
  else if (!DNS_LABEL.test(name)) problems.push(`${where}: metadata.name '${name}' is not a valid object name`);

  const podSpec = podSpecOf(object);
  if (!podSpec) return problems;
  const selector = dict(at(object, 'spec', 'selector', 'matchLabels'));
  const labels = dict(at(object, 'spec', 'template', 'metadata', 'labels'));
  if (object.kind !== 'Pod' && object.kind !== 'Job' && object.kind !== 'CronJob') {
    if (Object.keys(selector).length === 0) problems.push(`${where}: spec.selector.matchLabels missing`);
    for (const [key, value] of Object.entries(selector)) {
      if (labels[key] !== value) problems.push(`${where}: selector ${key}=${String(value)} does not match the pod template's labels`);
    }
  }
  const containers = containersOf(object);
  if (list(podSpec.containers).length === 0) problems.push(`${where}: no containers`);
  for (const container of containers) {
    const here = `${where} container ${String(container.name)}`;
    if (!text(container.name) || !text(container.image)) problems.push(`${here}: name and image are required`);
    for (const part of ['requests', 'limits']) {
      if (Object.keys(dict(at(container, 'resources', part))).length === 0) problems.push(`${here}: resources.${part} missing`);
    }
    const ports = list(container.ports).map(dict);
    for (const [probe, expected] of Object.entries(PROBE_PATHS)) {
      const httpGet = at(container, probe, 'httpGet');
      if (!isDict(httpGet)) continue;
      if (httpGet.path !== expected) problems.push(`${here}: ${probe} GET ${String(httpGet.path)}, expected ${expected}`);
      const port = httpGet.port;
      if (!ports.some((p) => p.name === port || p.containerPort === port)) problems.push(`${here}: ${probe} port ${String(port)} is not a container port`);
    }
  }
  return problems;
}

const refName = (value: unknown) => text(at(value, 'name'));

/** References between objects of one build: selectors, scale targets, Secrets/ConfigMaps, Ingress backends. */
export function crossReferenceProblems(objects: Dict[], source: string, external: { secrets?: string[] } = {}): string[] {
  const problems: string[] = [];
  const named = (kind: string) => new Set(objects.filter((o) => o.kind === kind).map((o) => String(at(o, 'metadata', 'name'))));
  const workloads = objects.filter((o) => podSpecOf(o) !== undefined);
  const secrets = new Set([...named('Secret'), ...(external.secrets ?? [])]);
  const configMaps = named('ConfigMap');
  const services = named('Service');
  const selects = (selector: Dict) =>
    Object.keys(selector).length > 0 &&
    workloads.some((w) => Object.entries(selector).every(([key, value]) => at(w, 'spec', 'template', 'metadata', 'labels', key) === value));
  const namespaces = new Set(objects.filter((o) => o.kind !== 'Namespace').map((o) => text(at(o, 'metadata', 'namespace')) ?? '(none)'));
  if (namespaces.size > 1) problems.push(`${source}: objects land in several namespaces (${[...namespaces].join(', ')}): set namespace in every kustomization`);

  for (const object of objects) {
    const where = `${source}: ${String(object.kind)}/${String(at(object, 'metadata', 'name'))}`;
    if (object.kind === 'Service' && !selects(dict(at(object, 'spec', 'selector')))) problems.push(`${where}: selector matches no pod template`);
    if (object.kind === 'PodDisruptionBudget' && !selects(dict(at(object, 'spec', 'selector', 'matchLabels')))) problems.push(`${where}: selector matches no pod template`);
    if (object.kind === 'HorizontalPodAutoscaler' || object.kind === 'ScaledObject') {
      const target = dict(at(object, 'spec', 'scaleTargetRef'));
      const kind = text(target.kind) ?? 'Deployment';
      if (!named(kind).has(String(target.name))) problems.push(`${where}: scaleTargetRef ${kind}/${String(target.name)} does not exist`);
    }
    if (object.kind === 'ScaledObject') {
      const target = objects.find((o) => o.kind === 'Deployment' && at(o, 'metadata', 'name') === at(object, 'spec', 'scaleTargetRef', 'name'));
      const envNames = new Set(target ? containersOf(target).flatMap((c) => list(c.env).map(refName)) : []);
      for (const trigger of list(at(object, 'spec', 'triggers'))) {
        const fromEnv = text(at(trigger, 'metadata', 'connectionFromEnv'));
        if (fromEnv && !envNames.has(fromEnv)) problems.push(`${where}: connectionFromEnv ${fromEnv} is not an env var of the target's containers`);
      }
    }
    if (object.kind === 'Ingress') {
      for (const rule of list(at(object, 'spec', 'rules'))) {
        for (const route of list(at(rule, 'http', 'paths'))) {
          const service = text(at(route, 'backend', 'service', 'name'));
          if (service && !services.has(service)) problems.push(`${where}: backend service ${service} does not exist`);
        }
      }
    }
    for (const container of containersOf(object)) {
      const here = `${where} container ${String(container.name)}`;
      for (const env of list(container.env)) {
        const secret = refName(at(env, 'valueFrom', 'secretKeyRef'));
        const configMap = refName(at(env, 'valueFrom', 'configMapKeyRef'));
        if (secret && !secrets.has(secret)) problems.push(`${here}: env ${String(refName(env))} reads Secret ${secret}, which this build does not provide`);
        if (configMap && !configMaps.has(configMap)) problems.push(`${here}: env ${String(refName(env))} reads ConfigMap ${configMap}, which does not exist`);
      }
      for (const from of list(container.envFrom)) {
        const secret = refName(at(from, 'secretRef'));
        const configMap = refName(at(from, 'configMapRef'));
        if (secret && !secrets.has(secret)) problems.push(`${here}: envFrom Secret ${secret}, which this build does not provide`);
        if (configMap && !configMaps.has(configMap)) problems.push(`${here}: envFrom ConfigMap ${configMap}, which does not exist`);
      }
    }
  }
  return problems;
}

/** `images:` entries of the kustomizations must name an image some container runs (else they do nothing). */
export function unusedImageNames(objects: Dict[], imageNames: string[]): string[] {
  const used = new Set(objects.flatMap(containersOf).map((c) => String(c.image).replace(/[:@].*$/, '')));
  return imageNames.filter((image) => !used.has(image));
}

// ---------------------------------------------------------------- environment variables

/** HSIC_* names, DATABASE_URL and PORT that a source text reads or names. */
export function envVarNames(source: string): string[] {
  const names = new Set(source.match(/\bHSIC_[A-Z0-9_]*[A-Z0-9]\b/g) ?? []);
  if (/\bDATABASE_URL\b/.test(source)) names.add('DATABASE_URL');
  if (/env(?:\.PORT\b|\[\s*['"]PORT['"]\s*\])|\bPORT\s*:/.test(source)) names.add('PORT');
  return [...names];
}

/** Names in the first column of the README's environment tables (`| \`NAME\` | …`). */
export function documentedEnvVars(readme: string): Set<string> {
  return new Set([...readme.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`/gm)].map((match) => match[1]));
}

export { finalStage, lastOf, parseDockerfile };
