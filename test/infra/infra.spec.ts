// Deployment files under infra/ (Dockerfiles, compose, Kubernetes). Nothing here can build an image or
// reach a cluster, so these checks read the files: everything parses, and everything they point at
// exists — entry points (through the sources `npm run build` compiles), npm scripts, COPY sources,
// kustomize references, Secrets/ConfigMaps/Services/scale targets, the health and metrics paths, and
// the environment variables the README documents. Fast and offline.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { DockerfileSyntaxError, finalStage, lastOf, parseDockerfile, stageEnv, type Dockerfile, type Stage } from './dockerfile.test-util.js';
import {
  buildCompilesProblems,
  composeProblems,
  containersOf,
  crossReferenceProblems,
  documentedEnvVars,
  dockerfileProblems,
  envVarNames,
  HEALTH_LIVE,
  HEALTH_READY,
  isDockerIgnored,
  k8sObjectProblems,
  METRICS_PATH,
  readDockerignore,
  unusedImageNames,
} from './infra-checks.test-util.js';
import { applyJsonPatch, buildKustomization, kustomizationFile, type KustomizeBuild } from './kustomize.test-util.js';
import { at, dict, type Dict, diskRepo, isDict, list, listRepoFiles, memoryRepo, parseYamlDocuments, REPO_ROOT, text, withFiles } from './repo.test-util.js';

const repo = diskRepo();
const DOCKERFILES = listRepoFiles('infra', (name) => name.endsWith('.Dockerfile') || name === 'Dockerfile');
const YAML_FILES = listRepoFiles('infra', (name) => /\.ya?ml$/.test(name));
const COMPOSE_FILE = 'infra/compose/docker-compose.yml';
const README = 'infra/README.md';

const dockerfile = (name: string): Dockerfile => parseDockerfile(repo.readText(`infra/docker/${name}`));
const ignorePatternsOf = (file: string) => readDockerignore(repo.readText(`${file}.dockerignore`));
const runCommands = (df: Dockerfile) => df.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
const stageNamed = (df: Dockerfile, name: string): Stage | undefined => df.stages.find((stage) => stage.name === name);
/** The image a stage finally starts from, following `FROM <earlier stage>`. */
function rootImage(df: Dockerfile, stage: Stage): string {
  const parent = stageNamed(df, stage.base.toLowerCase());
  return parent && parent !== stage ? rootImage(df, parent) : stage.base;
}

describe('YAML under infra/', () => {
  it('finds the compose file and the Kubernetes manifests', () => {
    expect(YAML_FILES).toContain(COMPOSE_FILE);
    expect(YAML_FILES.filter((file) => file.startsWith('infra/k8s/')).length).toBeGreaterThanOrEqual(10);
  });

  it.each(YAML_FILES)('%s parses, every document a mapping', (file) => {
    const documents = parseYamlDocuments(repo.readText(file), file);
    expect(documents.length).toBeGreaterThan(0);
    expect(documents.filter((document) => !isDict(document))).toEqual([]);
  });
});

describe('Dockerfiles', () => {
  it('are the API, GPU worker and CPU worker images', () => {
    expect(DOCKERFILES).toEqual(['infra/docker/api.Dockerfile', 'infra/docker/worker-cpu.Dockerfile', 'infra/docker/worker-gpu.Dockerfile']);
  });

  it.each(DOCKERFILES)('%s: entry points, scripts, COPY sources and stages all exist', (file) => {
    expect(dockerfileProblems(file, repo.readText(file), repo, ignorePatternsOf(file))).toEqual([]);
  });

  it.each(DOCKERFILES)('%s: has a .dockerignore beside it that keeps host installs and builds out of the context', (file) => {
    const patterns = ignorePatternsOf(file);
    expect(patterns).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
    expect(repo.readText(`${file}.dockerignore`)).toBe(repo.readText(`${DOCKERFILES[0]}.dockerignore`));
  });

  it.each(DOCKERFILES)('%s: installs with npm ci from the lockfile, builds with npm run build, then drops dev dependencies', (file) => {
    const runs = runCommands(parseDockerfile(repo.readText(file)));
    const ci = runs.findIndex((run) => /\bnpm ci\b/.test(run));
    const build = runs.findIndex((run) => /\bnpm run build\b/.test(run));
    const prune = runs.findIndex((run) => /\bnpm prune --omit=dev\b/.test(run));
    expect([ci >= 0, build > ci, prune > build]).toEqual([true, true, true]);
    expect(repo.scripts['build']).toMatch(/\btsc -b tsconfig\.json\b/);
  });

  it('api: Node 20 on bookworm-slim, runs apps/api/dist/main.js as non-root, HEALTHCHECK on the liveness path', () => {
    const df = dockerfile('api.Dockerfile');
    const final = finalStage(df);
    expect(df.stages.map((stage) => rootImage(df, stage))).toEqual(df.stages.map(() => 'node:20-bookworm-slim'));
    expect(lastOf(final, 'CMD')?.exec).toEqual(['node', 'apps/api/dist/main.js']);
    expect(stageEnv(final)).toMatchObject({ HSIC_ROLE: 'api', PORT: '3000' });
    expect(lastOf(final, 'HEALTHCHECK')?.exec?.join(' ')).toContain(HEALTH_LIVE);
    expect(lastOf(final, 'EXPOSE')?.args).toBe('3000');
    expect(repo.readText('infra/docker/api.Dockerfile')).not.toMatch(/dataset-fashion-mnist/);
  });

  it('worker-gpu: a CUDA 11 + cuDNN 8 runtime, tfjs-node-gpu install script approved and run, forced onto the GPU backend', () => {
    const df = dockerfile('worker-gpu.Dockerfile');
    const final = finalStage(df);
    expect(rootImage(df, final)).toMatch(/^nvidia\/cuda:11\.\d+(\.\d+)?-cudnn8-runtime-ubuntu/);
    const runs = runCommands(df).join('\n');
    expect(runs).toMatch(/allow-scripts=@tensorflow\/tfjs-node-gpu/);
    expect(runs).toMatch(/npm rebuild @tensorflow\/tfjs-node-gpu/);
    expect(runs).toMatch(/node infra\/docker\/check-tfjs-gpu-binding\.js/);
    expect(lastOf(final, 'CMD')?.exec).toEqual(['node', 'apps/worker/dist/main.js']);
    expect(stageEnv(final)).toMatchObject({ HSIC_ROLE: 'worker', HSIC_BACKEND: 'tensorflow-gpu' });
  });

  it('worker-gpu: expects the tfjs-node-gpu version the lockfile pins', () => {
    const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as unknown;
    const locked = at(lock, 'packages', 'node_modules/@tensorflow/tfjs-node-gpu', 'version');
    expect(locked).toBe('4.22.0');
    expect(dockerfile('worker-gpu.Dockerfile').globalArgs['TFJS_NODE_GPU_VERSION']).toBe(locked);
  });

  it('worker-cpu: Node 20, the wasm backend, the worker entry point', () => {
    const df = dockerfile('worker-cpu.Dockerfile');
    const final = finalStage(df);
    expect(rootImage(df, final)).toBe('node:20-bookworm-slim');
    expect(lastOf(final, 'CMD')?.exec).toEqual(['node', 'apps/worker/dist/main.js']);
    expect(stageEnv(final)).toMatchObject({ HSIC_ROLE: 'worker', HSIC_BACKEND: 'wasm' });
  });

  it.each(['apps/api', 'apps/worker'])('%s: compiled from src/ into dist/ by the root build', (project) => {
    expect(buildCompilesProblems(project, repo, project)).toEqual([]);
  });
});

describe('docker compose', () => {
  const compose = parseYamlDocuments(repo.readText(COMPOSE_FILE), COMPOSE_FILE)[0];
  const service = (name: string) => dict(at(compose, 'services', name));
  const environment = (name: string) => dict(at(service(name), 'environment'));

  it('builds from existing Dockerfiles, depends on existing healthy services, declares its volumes', () => {
    expect(composeProblems(COMPOSE_FILE, compose, 'infra/compose', repo)).toEqual([]);
  });

  it('postgres: PostgreSQL 15 on a named volume with a health check', () => {
    expect(service('postgres')).toMatchObject({ image: 'postgres:15', volumes: ['pgdata:/var/lib/postgresql/data'] });
    expect(at(service('postgres'), 'healthcheck', 'test')).toEqual(expect.arrayContaining([expect.stringContaining('pg_isready')]));
  });

  it('api: waits for a healthy database, gets DATABASE_URL, publishes port 3000, health-checks readiness', () => {
    expect(at(service('api'), 'depends_on', 'postgres', 'condition')).toBe('service_healthy');
    expect(environment('api')).toMatchObject({ HSIC_ROLE: 'api', PORT: '3000', DATABASE_URL: expect.stringMatching(/^postgresql:\/\/.+@postgres:5432\//) });
    expect(list(at(service('api'), 'ports')).map(String)).toEqual([expect.stringMatching(/:3000$/)]);
    expect(list(at(service('api'), 'healthcheck', 'test')).join(' ')).toContain(HEALTH_READY);
  });

  it('worker: one NVIDIA GPU per replica, GPU backend forced, nothing that would stop --scale worker=N', () => {
    const worker = service('worker');
    expect(at(worker, 'build', 'dockerfile')).toBe('infra/docker/worker-gpu.Dockerfile');
    expect(at(worker, 'deploy', 'resources', 'reservations', 'devices')).toEqual([{ driver: 'nvidia', count: 1, capabilities: ['gpu'] }]);
    expect(environment('worker')).toMatchObject({ HSIC_ROLE: 'worker', HSIC_BACKEND: 'tensorflow-gpu', DATABASE_URL: environment('api').DATABASE_URL });
    expect([worker.container_name, worker.ports]).toEqual([undefined, undefined]);
    expect(worker.stop_grace_period).toBeDefined();
  });

  it('cpu-worker: an opt-in profile on the wasm backend', () => {
    expect(service('cpu-worker')).toMatchObject({ profiles: ['cpu-worker'], build: { dockerfile: 'infra/docker/worker-cpu.Dockerfile' } });
    expect(environment('cpu-worker')).toMatchObject({ HSIC_ROLE: 'worker', HSIC_BACKEND: 'wasm', DATABASE_URL: environment('api').DATABASE_URL });
  });
});

describe('Kubernetes (kustomize)', () => {
  const K8S = 'infra/k8s';
  const kustomizationDirs = listRepoFiles(K8S, (name) => name === 'kustomization.yaml').map((file) => path.posix.dirname(file));
  /** An overlay with some components switched on, as an operator does by uncommenting `components:`. */
  const variant = (overlay: string, components: string[]): KustomizeBuild => {
    const file = `${K8S}/overlays/${overlay}/kustomization.yaml`;
    const spec = dict(parseYamlDocuments(repo.readText(file), file)[0]);
    const edited = { ...spec, components: [...list(spec.components), ...components.map((c) => `../../components/${c}`)] };
    return buildKustomization(`${K8S}/overlays/${overlay}`, withFiles(repo, { [file]: stringify(edited) }));
  };
  const VARIANTS: Record<string, () => KustomizeBuild> = {
    dev: () => buildKustomization(`${K8S}/overlays/dev`, repo),
    prod: () => buildKustomization(`${K8S}/overlays/prod`, repo),
    'dev + cpu-worker': () => variant('dev', ['cpu-worker']),
    'prod + keda-worker-autoscaling': () => variant('prod', ['keda-worker-autoscaling']),
  };
  /** Secrets an overlay expects the operator to create. */
  const EXTERNAL_SECRETS: Record<string, string[]> = { prod: ['hsic-database'], 'prod + keda-worker-autoscaling': ['hsic-database'] };
  const find = (build: KustomizeBuild, kind: string, name: string): Dict | undefined =>
    build.objects.find((object) => object.kind === kind && at(object, 'metadata', 'name') === name);
  const container = (object: Dict | undefined) => (object ? containersOf(object)[0] : {});
  const envOf = (c: Dict) => Object.fromEntries(list(c.env).map((e) => [text(at(e, 'name')), text(at(e, 'value')) ?? at(e, 'valueFrom')]));

  it('has a base, the dev and prod overlays and two components', () => {
    expect(kustomizationDirs).toEqual(
      expect.arrayContaining([`${K8S}/base`, `${K8S}/overlays/dev`, `${K8S}/overlays/prod`, `${K8S}/components/keda-worker-autoscaling`, `${K8S}/components/cpu-worker`]),
    );
  });

  it.each(listRepoFiles(K8S, (name) => /\.ya?ml$/.test(name) && name !== 'kustomization.yaml'))('%s: objects have apiVersion, kind, metadata.name, resources and the documented probes', (file) => {
    const problems = parseYamlDocuments(repo.readText(file), file).flatMap((object) => k8sObjectProblems(dict(object), file));
    expect(problems).toEqual([]);
  });

  it.each(Object.keys(VARIANTS))('%s: every reference resolves (kustomize entries, Secrets, ConfigMaps, selectors, targets, images)', (name) => {
    const build = VARIANTS[name]();
    expect(build.problems).toEqual([]);
    expect(build.objects.flatMap((object) => k8sObjectProblems(object, name))).toEqual([]);
    expect(crossReferenceProblems(build.objects, name, { secrets: EXTERNAL_SECRETS[name] ?? [] })).toEqual([]);
  });

  it('images: every `images:` entry names an image that some variant runs', () => {
    const builds = Object.values(VARIANTS).map((build) => build());
    const everyObject = builds.flatMap((build) => build.objects);
    expect(unusedImageNames(everyObject, builds.flatMap((build) => build.imageNames))).toEqual([]);
  });

  it.each(kustomizationDirs)('%s: is a Kustomization or a Component whose own entries exist', (dir) => {
    const file = kustomizationFile(dir, repo) ?? '';
    const kind = at(parseYamlDocuments(repo.readText(file), file)[0], 'kind') === 'Component' ? 'Component' : 'Kustomization';
    expect(buildKustomization(dir, repo, kind).problems).toEqual([]);
  });

  it('api: 2 replicas, readiness and liveness on the health paths, Prometheus scrape annotations on /metrics', () => {
    const api = find(VARIANTS.prod(), 'Deployment', 'hsic-api');
    expect(at(api, 'spec', 'replicas')).toBe(2);
    expect(at(api, 'spec', 'template', 'metadata', 'annotations')).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '3000', 'prometheus.io/path': METRICS_PATH });
    const c = container(api);
    expect([at(c, 'readinessProbe', 'httpGet', 'path'), at(c, 'livenessProbe', 'httpGet', 'path')]).toEqual([HEALTH_READY, HEALTH_LIVE]);
    expect(envOf(c)).toMatchObject({ HSIC_ROLE: 'api', PORT: '3000', DATABASE_URL: { secretKeyRef: { name: 'hsic-database', key: 'DATABASE_URL' } } });
    expect(find(VARIANTS.prod(), 'Service', 'hsic-api')).toBeDefined();
    expect(find(VARIANTS.prod(), 'PodDisruptionBudget', 'hsic-api')).toBeDefined();
  });

  it('worker: one nvidia.com/gpu, GPU nodes only, GPU backend forced, time to checkpoint an epoch on shutdown', () => {
    const worker = find(VARIANTS.prod(), 'Deployment', 'hsic-worker');
    const c = container(worker);
    expect(at(c, 'resources', 'limits', 'nvidia.com/gpu')).toBe(1);
    expect(envOf(c)).toMatchObject({ HSIC_ROLE: 'worker', HSIC_BACKEND: 'tensorflow-gpu' });
    expect(Object.keys(dict(at(worker, 'spec', 'template', 'spec', 'nodeSelector')))).toEqual(['nvidia.com/gpu.present']);
    expect(list(at(worker, 'spec', 'template', 'spec', 'tolerations'))).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'nvidia.com/gpu' })]));
    expect(at(worker, 'spec', 'template', 'spec', 'terminationGracePeriodSeconds')).toBeGreaterThanOrEqual(600);
    expect(find(VARIANTS.prod(), 'PodDisruptionBudget', 'hsic-worker')).toBeDefined();
  });

  it('the GPU pool scales on its own: an HPA on the worker (none on the API), or KEDA on the queue instead', () => {
    const hpas = VARIANTS.prod().objects.filter((object) => object.kind === 'HorizontalPodAutoscaler');
    expect(hpas.map((hpa) => at(hpa, 'spec', 'scaleTargetRef', 'name'))).toEqual(['hsic-worker']);
    const keda = VARIANTS['prod + keda-worker-autoscaling']();
    expect(keda.objects.filter((object) => object.kind === 'HorizontalPodAutoscaler')).toEqual([]);
    const scaled = find(keda, 'ScaledObject', 'hsic-worker');
    expect(at(scaled, 'spec', 'triggers')).toEqual([expect.objectContaining({ type: 'postgresql', metadata: expect.objectContaining({ connectionFromEnv: 'DATABASE_URL' }) })]);
  });

  it('dev runs PostgreSQL 15 in the cluster; prod has no database and no committed Secret', () => {
    const dev = VARIANTS.dev();
    const postgres = find(dev, 'StatefulSet', 'postgres');
    expect(container(postgres).image).toBe('postgres:15');
    expect(list(at(postgres, 'spec', 'volumeClaimTemplates'))).toHaveLength(1);
    expect(find(dev, 'Secret', 'hsic-database')).toBeDefined();
    const prod = VARIANTS.prod();
    expect(prod.objects.filter((object) => ['StatefulSet', 'Secret'].includes(String(object.kind)))).toEqual([]);
    expect(find(prod, 'Ingress', 'hsic-api')).toBeDefined();
  });

  it('the cpu-worker component turns the worker into a wasm worker without GPU requirements', () => {
    const worker = find(VARIANTS['dev + cpu-worker'](), 'Deployment', 'hsic-worker');
    const c = container(worker);
    expect(c.image).toMatch(/^hsic-studio\/worker-cpu:/);
    expect(envOf(c)).toMatchObject({ HSIC_ROLE: 'worker', HSIC_BACKEND: 'wasm' });
    expect(JSON.stringify(worker)).not.toContain('nvidia.com/gpu');
  });
});

describe('infra/README.md', () => {
  const readme = repo.readText(README);
  const documented = documentedEnvVars(readme);

  it('documents every HSIC_*, DATABASE_URL and PORT variable the apps and libraries name', () => {
    const sources = ['apps', 'libs'].flatMap((folder) =>
      listRepoFiles(folder, (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.test-util.ts') && !name.endsWith('.d.ts')),
    ).filter((file) => file.split('/')[2] === 'src' && !file.includes('/generated/'));
    const undocumented = sources.flatMap((file) => envVarNames(repo.readText(file)).filter((name) => !documented.has(name)).map((name) => `${name} (${file})`));
    expect(undocumented).toEqual([]);
  });

  it('documents every variable the images, compose and the manifests set for HSIC Studio', () => {
    const fromDockerfiles = DOCKERFILES.flatMap((file) => Object.keys(stageEnv(finalStage(parseDockerfile(repo.readText(file))))));
    const compose = parseYamlDocuments(repo.readText(COMPOSE_FILE), COMPOSE_FILE)[0];
    const fromCompose = Object.values(dict(at(compose, 'services')))
      .filter((service) => at(service, 'build') !== undefined)
      .flatMap((service) => Object.keys(dict(at(service, 'environment'))));
    const fromK8s = listRepoFiles('infra/k8s', (name) => /\.ya?ml$/.test(name)).flatMap((file) =>
      parseYamlDocuments(repo.readText(file), file).flatMap((object) => [
        ...containersOf(dict(object)).filter((c) => String(c.image).startsWith('hsic-studio/')).flatMap((c) => list(c.env).map((e) => String(at(e, 'name')))),
        ...(at(object, 'kind') === 'ConfigMap' ? Object.keys(dict(at(object, 'data'))) : []),
      ]),
    );
    const undocumented = [...new Set([...fromDockerfiles, ...fromCompose, ...fromK8s])].filter((name) => !documented.has(name));
    expect(undocumented).toEqual([]);
  });

  it('shows how to build, run compose, deploy with kustomize and add GPU workers', () => {
    for (const command of [
      'docker build -f infra/docker/api.Dockerfile',
      'docker build -f infra/docker/worker-gpu.Dockerfile',
      '--scale worker=',
      'kubectl apply -k infra/k8s/overlays/prod',
      'kubectl -n hsic scale deployment/hsic-worker',
    ]) {
      expect(readme).toContain(command);
    }
  });
});

// The checks above pass on today's files; these prove each of them fails on the mistake it is for.
describe('the checks catch mistakes', () => {
  /** A minimal workspace: apps/api built by `tsc -b tsconfig.json` from src/main.ts. */
  const workspace = (files: Record<string, string> = {}, scripts: Record<string, string> = { build: 'tsc -b tsconfig.json' }) =>
    memoryRepo(
      {
        'package.json': '{}',
        'tsconfig.json': JSON.stringify({ files: [], references: [{ path: 'apps/api' }] }),
        'apps/api/tsconfig.json': JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist' } }),
        'apps/api/src/main.ts': 'export {};',
        ...files,
      },
      scripts,
    );
  const GOOD = ['FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'FROM node:20', 'COPY --from=build /app /app', 'USER node', 'CMD ["node", "apps/api/dist/main.js"]'];
  const problemsOf = (lines: string[], repoOf = workspace(), ignore: string[] = []) => dockerfileProblems('Dockerfile', lines.join('\n'), repoOf, ignore);
  const replace = (lines: string[], from: string, to: string) => lines.map((line) => (line === from ? to : line));

  it('accepts the minimal good Dockerfile (so every failure below is the mistake, not the fixture)', () => {
    expect(problemsOf(GOOD)).toEqual([]);
  });

  it.each([
    ['an entry point whose source is missing', replace(GOOD, GOOD[7], 'CMD ["node", "apps/api/dist/server.js"]'), 'apps/api/src/server.ts, which does not exist'],
    ['an entry point the build does not compile', replace(GOOD, GOOD[7], 'CMD ["node", "apps/worker/dist/main.js"]'), 'does not reference apps/worker'],
    ['an npm script that does not exist', replace(GOOD, GOOD[3], 'RUN npm ci && npm run build && npm run bundle'), "no script 'bundle'"],
    ['a dist entry point without npm run build', replace(GOOD, GOOD[3], 'RUN npm ci'), "no RUN step runs 'npm run build'"],
    ['a shell-form CMD', replace(GOOD, GOOD[7], 'CMD node apps/api/dist/main.js'), 'shell form'],
    ['no USER in the final stage', GOOD.filter((line) => line !== 'USER node'), 'runs as root'],
    ['COPY --from a stage that does not exist', replace(GOOD, GOOD[5], 'COPY --from=builder /app /app'), 'names no earlier stage'],
    ['COPY of a missing file', [...GOOD.slice(0, 3), 'COPY missing.txt /app/', ...GOOD.slice(3)], 'COPY source missing.txt does not exist'],
    ['RUN node on a missing script', [...GOOD.slice(0, 4), 'RUN node infra/check.js', ...GOOD.slice(4)], 'infra/check.js, which does not exist'],
  ])('flags %s', (_, lines, expected) => {
    expect(problemsOf(lines).join('\n')).toContain(expected);
  });

  it('flags a root build script that does not run tsc -b, and COPY of a dockerignored path', () => {
    expect(problemsOf(GOOD, workspace({}, { build: 'echo nothing' })).join('\n')).toContain("does not run tsc -b");
    const copiesModules = [...GOOD.slice(0, 3), 'COPY apps/api/node_modules /x', ...GOOD.slice(3)];
    expect(problemsOf(copiesModules, workspace({ 'apps/api/node_modules/a.js': '' }), ['**/node_modules']).join('\n')).toContain('excluded by the .dockerignore');
    expect(isDockerIgnored('apps/api/dist/main.js', ['**/dist'])).toBe(true);
    expect(isDockerIgnored('infra/docker/check.js', ['**/dist', '**/*.log'])).toBe(false);
  });

  it('parses continuations and drops comments inside them, and rejects what Docker would misread', () => {
    const parsed = parseDockerfile('# syntax=docker/dockerfile:1\nARG BASE=node:20\nFROM ${BASE} AS x\nRUN a \\\n  # note\n  && b\nCMD ["node", "m.js"]');
    expect(parsed.stages[0]).toMatchObject({ name: 'x', base: 'node:20' });
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(['ARG', 'FROM', 'RUN', 'CMD']);
    expect(parsed.instructions[2].args).toMatch(/^a\s+&& b$/);
    expect(() => parseDockerfile('FROM node:20\nCOPYY . .')).toThrow(DockerfileSyntaxError);
    expect(() => parseDockerfile('FROM node:20\nCMD ["node", "m.js"')).toThrow(/not valid JSON/);
    expect(() => parseDockerfile('FROM node:20\nRUN a \\')).toThrow(/line continuation/);
    expect(() => parseDockerfile('RUN a')).toThrow(/before the first FROM/);
  });

  it('compose: flags unknown dependencies, health waits on services without a health check, missing Dockerfiles and volumes', () => {
    const compose = {
      services: {
        db: { image: 'postgres:15' },
        api: { build: { context: '.', dockerfile: 'missing.Dockerfile' }, depends_on: { db: { condition: 'service_healthy' }, cache: { condition: 'service_started' } }, volumes: ['data:/data'] },
        job: { image: 'x', command: 'npm run nope' },
      },
    };
    const problems = composeProblems('compose.yml', compose, '.', workspace()).join('\n');
    for (const expected of ['missing.Dockerfile does not exist', 'depends_on cache', 'db has no healthcheck', 'named volume data is not declared', "no script 'nope'"]) {
      expect(problems).toContain(expected);
    }
  });

  /** A Deployment that passes every object check, for the mutations below. */
  const deployment = (): Dict => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'hsic' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'hsic-studio/api:1',
              ports: [{ name: 'http', containerPort: 3000 }],
              readinessProbe: { httpGet: { path: HEALTH_READY, port: 'http' } },
              livenessProbe: { httpGet: { path: HEALTH_LIVE, port: 'http' } },
              resources: { requests: { cpu: '1' }, limits: { memory: '1Gi' } },
              env: [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'DATABASE_URL' } } }],
            },
          ],
        },
      },
    },
  });
  const mutated = (ops: unknown[]) => {
    const object = deployment();
    applyJsonPatch(object, ops);
    return object;
  };
  const C = '/spec/template/spec/containers/0';

  it('k8s objects: accepts the fixture, flags missing resources, wrong probe paths and ports, selectors that miss', () => {
    expect(k8sObjectProblems(deployment(), 'x')).toEqual([]);
    expect(k8sObjectProblems(mutated([{ op: 'remove', path: `${C}/resources` }]), 'x').join('\n')).toContain('resources.requests missing');
    expect(k8sObjectProblems(mutated([{ op: 'replace', path: `${C}/readinessProbe/httpGet/path`, value: '/healthz' }]), 'x').join('\n')).toContain(`expected ${HEALTH_READY}`);
    expect(k8sObjectProblems(mutated([{ op: 'replace', path: `${C}/livenessProbe/httpGet/port`, value: 'metrics' }]), 'x').join('\n')).toContain('port metrics is not a container port');
    expect(k8sObjectProblems(mutated([{ op: 'replace', path: '/spec/selector/matchLabels/app', value: 'api' }]), 'x').join('\n')).toContain('does not match');
    expect(k8sObjectProblems(mutated([{ op: 'remove', path: '/metadata/name' }]), 'x').join('\n')).toContain('metadata.name missing');
  });

  it('k8s references: flags a missing Secret, an HPA without target, a Service that selects nothing, mixed namespaces', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'hsic' } };
    expect(crossReferenceProblems([deployment(), secret], 'x')).toEqual([]);
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'w', namespace: 'hsic' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'worker' } } };
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'hsic' }, spec: { selector: { app: 'api' } } };
    const strayConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    const problems = crossReferenceProblems([deployment(), hpa, service, strayConfig], 'x').join('\n');
    for (const expected of ['reads Secret db', 'scaleTargetRef Deployment/worker does not exist', 'selector matches no pod template', 'several namespaces']) {
      expect(problems).toContain(expected);
    }
  });

  it('kustomize: flags a missing resource, a component patch whose test fails, a delete of nothing', () => {
    const files = {
      'k/base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [app.yaml, gone.yaml]',
      'k/base/app.yaml': stringify(deployment()),
      'k/over/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../base]\ncomponents: [../comp]',
      'k/comp/kustomization.yaml': [
        'apiVersion: kustomize.config.k8s.io/v1alpha1',
        'kind: Component',
        'patches:',
        '  - target: { kind: Deployment, name: web }',
        `    patch: '[{"op": "test", "path": "${C}/env/0/name", "value": "PORT"}]'`,
        '  - patch: "$patch: delete\\napiVersion: v1\\nkind: Service\\nmetadata: {name: nope}"',
      ].join('\n'),
    };
    const problems = buildKustomization('k/over', memoryRepo(files)).problems.join('\n');
    for (const expected of ["resources entry 'gone.yaml' does not exist", `test ${C}/env/0/name failed`, 'deletes Service/nope, which is not there']) {
      expect(problems).toContain(expected);
    }
  });

  it('env vars: finds names in process.env reads, zod schemas and string literals; reads the README tables', () => {
    expect(envVarNames("const a = process.env.PORT; const s = z.object({ HSIC_NEW_KNOB: z.string() }); env['HSIC_X']").sort()).toEqual(['HSIC_NEW_KNOB', 'HSIC_X', 'PORT']);
    expect(envVarNames('const port = 3000; // PORTABLE')).toEqual([]);
    expect([...documentedEnvVars('| `HSIC_A` | x |\n|---|\n| `B` | y |\nnot `C` here')]).toEqual(['HSIC_A', 'B']);
  });
});
