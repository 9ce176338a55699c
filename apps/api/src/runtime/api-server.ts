import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DatasetSamples, listDatasets } from '@hsic/data';
import { totalmem } from 'node:os';
import { defaultMemoryBudget, initBackend, parseTrainingConfig, type BackendChoice } from '@hsic/engine';
import type { JobQueue } from '@hsic/jobs';
import { createRepositories, type Database, type Repositories } from '@hsic/persistence';
import { ModelServer, type ServingLimits } from '@hsic/serving';
import { STRANDED_AFTER_MS } from '@hsic/training';
import type { AddressInfo } from 'node:net';
import { AppModule } from '../app.module.js';
import type { ApiDependencies } from '../dependencies.js';
import type { ApiLogger } from '../observability/api-logger.js';
import { bodyErrors } from '../http/body-errors.middleware.js';
import { corsOptions, localDashboardOrigins } from '../http/cors.js';
import { ApiAccess } from '../access/api-access.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../graphql/limits/query-limits.js';
import { allowRead, restAccess } from '../access/rest-access.js';
import { ClientRateLimit } from '../access/rate-limit.js';
import type { HttpRequest, HttpResponse, NextFunction } from '../http/http-types.js';
import { DEFAULT_DASHBOARD_PORT } from '../config/api-env.js';
import { helloRoute } from '../http/hello.route.js';
import { installHotRoutes } from '../http/hot-routes.js';
import { requestMetrics } from '../http/request-metrics.middleware.js';
import { ApiMetrics } from '../observability/api-metrics.js';
import { createReadiness } from '../observability/readiness.js';
import { CachingModelSource } from '../serving/caching-model-source.js';
import { PersistenceModelSource } from '../serving/persistence-model-source.js';
import { predictRoute } from '../serving/predict.route.js';
import { servingErrorReply } from '../serving/serving-errors.js';
import { RunsService } from '../training/runs.service.js';
import { createTrainingIntegration, type TrainingIntegration } from '../training/training-integration.js';
import { consoleLogger } from './console-logger.js';

/**
 * Requests for one model are coalesced into one forward pass. A batch runs as soon as the event loop is
 * free (maxDelayMs 0) rather than 2 ms after its first request (the library default): in the serving
 * benchmark (16 connections, 2 cores) the 2 ms timer, which every waiting request sits behind, left the CPU
 * idle and halved the predictions per second while raising p99 (measured ~1,800 vs ~3,600/s on one stack).
 */
const SERVING_BATCHING = { maxDelayMs: 0 } as const;

export const DEFAULT_RATE_LIMIT_PER_SECOND = 2000;

export interface ApiServerOptions {
  /** Opened (and migrated) by the caller, who also closes it after the server. */
  readonly database: Database;
  /** Created by the caller (its clock decides when schedule ticks fire); stopped by the caller. */
  readonly jobs: JobQueue;
  /** 0: a free port. */
  readonly port: number;
  readonly host?: string;
  readonly limits?: Partial<ServingLimits>;
  readonly log?: ApiLogger;
  /** runProgress polling period (default 500 ms). */
  readonly progressPollMs?: number;
  /** After this long a served model ref is re-resolved in the background (default 1000 ms). */
  readonly resolutionTtlMs?: number;
  /** Re-read the schedules every this many ms, to pick up changes made by other processes (default 60 s; 0: never). */
  readonly scheduleSyncIntervalMs?: number;
  /** Browser origins allowed to call the API (CORS); default: the dashboard on this machine at port 3001. */
  readonly corsOrigins?: readonly string[];
  /** Queries, subscriptions, serving and /metrics need a READ key too (default false: only changes need keys). */
  readonly requireKeyForReads?: boolean;
  /** Memory one run may use on a worker, in MiB (HSIC_WORKER_MEMORY_MB); default 70 % of this machine's. Workers train on the backend this process predicts on. */
  readonly workerMemoryMegabytes?: number;
  /** What one GraphQL operation may ask for (default DEFAULT_QUERY_LIMITS). */
  readonly queryLimits?: Partial<QueryLimits>;
  /** Production (NODE_ENV=production): introspection is off. */
  readonly production?: boolean;
  /** How often QUEUED runs without a live job are looked for and sent again (default 60 s; 0: only at start). */
  readonly strandedRunCheckIntervalMs?: number;
  /** Requests per second per client (API key, or address without one); 0: no limit (default 2000). */
  readonly rateLimitPerSecond?: number;
  /** Longest a client may take to send a whole request, in ms (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** HSIC_BACKEND / HSIC_WASM_THREADS (default: the fastest backend there is, 1 wasm thread). */
  readonly backend?: BackendChoice;
  /** Where datasets live (HSIC_DATA_DIR; default ~/.cache/hsic-studio): their availability and sample images. */
  readonly dataRoot?: string;
}

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  readonly app: NestExpressApplication;
  readonly repos: Repositories;
  readonly runs: RunsService;
  readonly training: TrainingIntegration;
  readonly modelServer: ModelServer;
  /** The TensorFlow.js backend predictions run on. */
  readonly backend: string;
  readonly access: ApiAccess;
  /** Stop taking requests, let in-flight ones finish, free the models. Does not touch the database or queue. */
  close(): Promise<void>;
}

/**
 * The API over an open database and job queue: seeds the datasets, prepares the queues, registers the
 * schedules, re-sends jobs of orphaned queued runs, and listens.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const log = options.log ?? consoleLogger();
  const { database, jobs } = options;
  // The serving core predicts with TensorFlow.js: the fastest backend there is (wasm here), not tfjs's JS default.
  const backend = await initBackend({ ...options.backend, logger: (line) => log.info(line) });
  const repos = createRepositories(database.prisma, { validateConfig: (config) => parseTrainingConfig(config) });
  await repos.datasets.upsertMany(listDatasets({ dataRoot: options.dataRoot }));
  const training = createTrainingIntegration(jobs, repos, log);
  await training.prepareQueues();
  await training.syncSchedules();

  const metrics = new ApiMetrics({
    queues: [training.trainingQueue],
    queueDepth: (queue) => jobs.queueDepth(queue),
    runsByStatus: () => repos.runs.countByStatus(),
    onError: (what, error) => log.error(`metrics: could not read ${what}`, error),
  });
  const modelSource = new CachingModelSource(new PersistenceModelSource(repos), options.resolutionTtlMs ?? 1000, (error) =>
    log.error('re-resolving a served model failed (serving the previous answer)', error),
  );
  const modelServer = new ModelServer({ source: modelSource, limits: options.limits, metrics: metrics.serving, batching: SERVING_BATCHING });
  // openDatabase() migrated before we got here; readiness then only depends on the database answering.
  const readiness = createReadiness({
    ping: () => database.ping(),
    migrated: () => true,
    servingFromMemory: () => modelServer.loadedModels().map((m) => `${m.name} v${m.version}`),
  });
  const access = ApiAccess.over(repos, {
    requireKeyForReads: options.requireKeyForReads ?? false,
    onError: (error) => log.error('recording when an API key was used failed', error),
  });
  const deps: ApiDependencies = {
    repos,
    jobs,
    training,
    modelServer,
    modelRegistryEvents: { modelChanged: (name) => modelSource.invalidate(name) },
    metrics,
    readiness,
    log,
    progressPollMs: options.progressPollMs ?? 500,
    process: { startedAt: new Date(), backend: backend.name, embeddedDatabase: database.embedded },
    samples: DatasetSamples.under(options.dataRoot),
    access,
    limits: { ...DEFAULT_QUERY_LIMITS, ...options.queryLimits },
    production: options.production ?? false,
    runBudget:
      options.workerMemoryMegabytes === undefined
        ? defaultMemoryBudget(backend.name, totalmem())
        : { memoryBytes: options.workerMemoryMegabytes * 2 ** 20, backend: backend.name, source: 'HSIC_WORKER_MEMORY_MB' },
  };

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps), { bodyParser: false, logger: ['error', 'warn'] });
  const corsOrigins = options.corsOrigins ?? localDashboardOrigins(DEFAULT_DASHBOARD_PORT);
  app.enableCors(corsOptions(corsOrigins));
  app.disable('x-powered-by');
  app.set('etag', false); // hashing every prediction for a conditional GET nobody sends
  const rateLimit = new ClientRateLimit(options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND);
  app.use(requestMetrics(metrics));
  app.use((req: HttpRequest, res: HttpResponse, next: NextFunction) => {
    rateLimit.allow(req, res, req.path).then((ok) => ok && next(), next);
  });
  app.use(restAccess(access)); // before any body is read: a caller without the right key never gets an upload parsed
  app.useBodyParser('json', { limit: modelServer.limits.maxJsonBodyBytes });
  app.use(bodyErrors());
  await app.init();
  // The serving hot path and its benchmark anchor, ahead of Express and Nest (see hot-routes.ts).
  installHotRoutes(app.getHttpServer(), app.getHttpAdapter().getInstance(), metrics, [helloRoute, predictRoute(modelServer, (error) => servingErrorReply(error, modelServer.limits, log))], {
    corsOrigins,
    // Both hot routes are reads under /v1: the same check as restAccess, with the same fast path.
    allow: async (req, res) => {
      if (!(await rateLimit.allow(req, res, (req.url ?? '/').split('?', 1)[0]))) return false;
      return !req.headers.authorization && !access.requireKeyForReads ? true : allowRead(access, req, res);
    },
  });
  // A client that sends its request slowly (a byte a minute) holds a socket: it gets this long for all of it.
  // `connectionsCheckingInterval` is a Server field Node reads on listen; @types/node only types the option.
  const server = app.getHttpServer() as import('node:http').Server & { connectionsCheckingInterval: number };
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  server.headersTimeout = Math.min(server.requestTimeout, 20_000);
  // Node checks those timeouts every 30 s by default, so a 30 s limit could hold a socket for a minute.
  // Read when the server starts listening, hence set here, before listen.
  server.connectionsCheckingInterval = Math.max(250, Math.min(5_000, Math.floor(server.requestTimeout / 4)));
  await app.listen(options.port, options.host ?? '0.0.0.0');

  const runs = app.get(RunsService);
  const resendStranded = async (graceMs: number) => {
    const resent = await runs.resendStranded(graceMs);
    if (resent.length > 0) log.info(`re-sent the jobs of ${resent.length} queued run(s) that no live job would start`);
  };
  await resendStranded(0);
  const strandedEvery = options.strandedRunCheckIntervalMs ?? 60_000;
  const strandedTimer =
    strandedEvery > 0 ? setInterval(() => void resendStranded(STRANDED_AFTER_MS).catch((error: unknown) => log.error('re-sending stranded runs failed', error)), strandedEvery) : null;
  strandedTimer?.unref();

  const syncEvery = options.scheduleSyncIntervalMs ?? 60_000;
  const syncTimer = syncEvery > 0 ? setInterval(() => void training.syncSchedules().catch((error: unknown) => log.error('schedule sync failed', error)), syncEvery) : null;
  syncTimer?.unref();

  const port = (app.getHttpServer().address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    repos,
    runs,
    training,
    modelServer,
    backend: backend.name,
    access,
    close: () =>
      (closing ??= (async () => {
        readiness.markDraining();
        if (syncTimer) clearInterval(syncTimer);
        if (strandedTimer) clearInterval(strandedTimer);
        await app.close();
        modelServer.close();
      })()),
  };
}
