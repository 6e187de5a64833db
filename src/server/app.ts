import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import { createOpenApiNodeHttpHandler, type OpenApiRouter } from 'trpc-to-openapi';
import { WebSocketServer } from 'ws';
import type { JobStore } from '../db/store.js';
import { CsvIntake } from '../jobs/csv-import/intake.js';
import { ScanIntake } from '../jobs/shelf-scan/scan-intake.js';
import { ScanPhotos } from '../jobs/shelf-scan/scan-photos.js';
import { CachedLookups } from '../jobs/enrichment/cached-lookups.js';
import { Enricher } from '../jobs/enrichment/enricher.js';
import type { AppJobCatalog } from '../jobs/catalog.js';
import type { JobProviders } from '../jobs/context.js';
import type { JobCatalog, JobRegistry } from '../jobs/define.js';
import { createJobSystem, type JobSystem, type JobSystemOptions } from '../jobs/system.js';
import { appRouter } from '../router/app.js';
import type { RouterDeps } from '../router/context.js';
import { createRateLimits } from '../router/rate-limit.js';
import type { AppConfig } from './config.js';
import { serveConsole } from './console-assets.js';
import { serveDocs } from './docs.js';
import { openSqliteStore, type ClusterServices } from './store.js';
import { jobExecution } from './job-execution.js';
import { buildProviders } from './providers.js';
import { serveHealthz, serveReadyz } from './health.js';
import { buildOpenApiDocument } from './openapi/build.js';
import { createContextFactory } from './request-context.js';
import { answerClientErrors, createTrpcErrorLogger, listenHttp, logRequests, sendNotFound } from './http-util.js';
import { answerCors, OriginPolicy, sendOriginRefused } from './origin.js';
import { servePhoto } from './photo-route.js';
import { serveCsvUpload, serveScanUpload } from './uploads.js';
import { allowedMethodsIfWrong, sendMethodNotAllowed } from './rest-methods.js';
import { serveJobStream, SSE_MAX_BUFFERED_BYTES } from './sse.js';
import { serveTrpcOverWs } from './ws-server.js';
import { DEFAULT_SEND_WINDOW, type SendWindowLimits } from './ws-send-window.js';
import { noTelemetry, type Telemetry } from '../telemetry.js';
import { BooksTrackMetrics } from './metrics/metrics.js';
import { MetricsEndpoint } from './metrics/metrics-endpoint.js';
import { StreamStats } from './stream-stats.js';

export interface AppOptions<TCatalog extends JobCatalog> {
  config: AppConfig;
  logger: Logger;
  /** The job kinds this process runs (production: `appJobRegistry`; tests add their own kinds). */
  registry: JobRegistry<TCatalog>;
  /**
   * Defaults to the providers the configuration names (`buildProviders`). A function is given the
   * app's telemetry, so providers a test builds still report to /metrics.
   */
  providers?: JobProviders | ((telemetry: Telemetry) => JobProviders);
  /** The router served on /trpc and /api/v1; it must contain `appRouter` (tests merge theirs in). */
  router?: AnyTRPCRouter & OpenApiRouter;
  jobOptions?: Partial<JobSystemOptions>;
  /** The job store (default: the SQLite store the configuration names); the app closes it. */
  store?: JobStore;
  /** With a PostgreSQL store: what its processes share (notices, limits, pacing); the app closes it. */
  cluster?: ClusterServices;
  /** How much a WebSocket client that stops reading may hold unsent (default `DEFAULT_SEND_WINDOW`). */
  wsSendWindow?: SendWindowLimits;
  /** How much an SSE client that stops reading may hold unsent (default `SSE_MAX_BUFFERED_BYTES`). */
  sseMaxBufferedBytes?: number;
  version?: string;
}

export interface BooksTrackApp<TCatalog extends JobCatalog> {
  server: Server;
  /** The WebSocket server behind /trpc (for operators' and tests' inspection). */
  wss: WebSocketServer;
  /** This process's metrics, when /metrics is served (`METRICS_TOKEN` or `METRICS_PORT`). */
  metrics: BooksTrackMetrics | undefined;
  /** The separate metrics listener's URL once listening (`METRICS_PORT`), else undefined. */
  metricsUrl: string | undefined;
  store: JobStore;
  jobs: JobSystem<TCatalog>;
  /** Starts the runner and listens; resolves with the base URL (`http://host:port`). */
  listen(): Promise<string>;
  /** Graceful shutdown: stop intake, tell clients to reconnect, release running jobs, close the database. */
  close(): Promise<void>;
}

const SSE_PATH = /^\/api\/v1\/jobs\/([^/]+)\/stream$/;
const PHOTO_PATH = /^\/api\/v1\/jobs\/([^/]+)\/photos\/([^/]+)$/;

/**
 * The bridge reads a body only when the content type is exactly `application/json`, and refuses a
 * POST without one. A charset suffix is dropped, and a body-less POST (routes whose only input is
 * in the path, as the document declares them) is treated as an empty JSON body.
 */
function normaliseRestContentType(req: IncomingMessage): void {
  const type = req.headers['content-type']?.toLowerCase();
  if (type?.startsWith('application/json')) req.headers['content-type'] = 'application/json';
  const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';
  if (type === undefined && !hasBody && req.method !== 'GET' && req.method !== 'HEAD') req.headers['content-type'] = 'application/json';
}

/**
 * A path segment percent-decoded, or as written when its escapes are malformed (`%`, `%E0%A4%A`):
 * `decodeURIComponent` throws on those, which answered 500; left as written, the procedure's own
 * checks refuse it as a 4xx like any other wrong id.
 */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (malformed: unknown) {
    if (malformed instanceof URIError) return segment;
    throw malformed;
  }
}

function isMultipart(req: IncomingMessage): boolean {
  return req.headers['content-type']?.toLowerCase().startsWith('multipart/form-data') ?? false;
}

/** The composition root: builds the database, the job system and every transport on one port. */
export function createBooksTrackApp<TCatalog extends JobCatalog & AppJobCatalog>(opts: AppOptions<TCatalog>): BooksTrackApp<TCatalog> {
  const { config, logger } = opts;
  const router = opts.router ?? appRouter;
  const store = opts.store ?? openSqliteStore(config);
  const { cluster } = opts;
  const metrics = config.metricsEnabled
    ? new BooksTrackMetrics({ info: { version: opts.version ?? '0.0.0', role: config.BOOKSTRACK_ROLE, database: store.dialect }, kinds: Object.keys(opts.registry), logger })
    : undefined;
  // Undefined with metrics off: nothing is then recorded, nor worked out on the way.
  const telemetry = metrics?.telemetry('main');
  const providers = typeof opts.providers === 'function' ? opts.providers(telemetry ?? noTelemetry) : (opts.providers ?? buildProviders(config, logger, { sharedPace: cluster?.pace, telemetry }));
  const jobOptions: Partial<JobSystemOptions> = {
    leaseMs: config.JOB_LEASE_MS,
    resultsTtlMs: config.RESULTS_TTL_HOURS * 3_600_000,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
    duplicateWindowMs: config.DUPLICATE_WINDOW_MS,
    stallAfterMs: config.STALL_AFTER_MS,
    stallTimeoutMs: config.JOB_STALL_TIMEOUT_MS,
    progressHeartbeatMs: config.PROGRESS_HEARTBEAT_MS,
    ...opts.jobOptions,
  };
  const executor = jobExecution(config, { providers: opts.providers, registry: opts.registry, options: jobOptions }, logger, metrics);
  const jobs = createJobSystem<TCatalog>({
    store,
    registry: opts.registry,
    providers,
    logger,
    options: {
      ...jobOptions,
      // With job workers, they purge (one of them); this thread only serves.
      ...(executor ? { purge: false } : {}),
      // Another process may run the jobs this one streams (roles, or several processes on one
      // file): their events are read from the log. Not for an in-memory database, which is ours alone.
      eventPollMs: config.BOOKSTRACK_ROLE !== 'worker' && (store.dialect === 'postgres' || config.DATABASE_PATH !== ':memory:') ? config.EVENT_POLL_MS : 0,
    },
    ...(executor ? { executor } : {}),
    ...(cluster?.notifier ? { notifier: cluster.notifier } : {}),
    telemetry,
  });
  const streams = new StreamStats();
  metrics?.watch({ census: () => jobs.queries.census(), streams });
  const metricsEndpoint = metrics
    ? new MetricsEndpoint({ metrics, token: config.METRICS_TOKEN, port: config.METRICS_PORT, host: config.METRICS_HOST, logger })
    : undefined;
  let accepting = true;
  const deps: RouterDeps = {
    engine: jobs.engine,
    queries: jobs.queries,
    review: jobs.review,
    books: new Enricher({ providers: providers.metadata, lookups: new CachedLookups(store.cache, Date.now) }),
    csvIntake: new CsvIntake(jobs.blobs, { maxBytes: config.MAX_CSV_BYTES, maxRows: config.MAX_CSV_ROWS }),
    scanIntake: new ScanIntake(jobs.blobs, {
      limits: { maxBytes: config.MAX_PHOTO_BYTES, minSide: 32, maxPixels: config.MAX_PHOTO_PIXELS },
      enabled: providers.shelfScanner !== undefined,
      reviewThreshold: config.REVIEW_THRESHOLD,
      maxSide: config.SCAN_PHOTO_MAX_SIDE,
    }),
    rateLimits: createRateLimits({
      startsPerMinute: config.RATE_LIMIT_STARTS_PER_MINUTE,
      readsPerMinute: config.RATE_LIMIT_READS_PER_MINUTE,
      ...(cluster ? { limiters: cluster.limiters } : {}),
      telemetry,
    }),
    auth: { adminToken: config.BOOKSTRACK_ADMIN_TOKEN, apiKeys: config.BOOKSTRACK_API_KEYS },
    logger,
    acceptingWork: () => accepting,
  };
  const contexts = createContextFactory(deps, config.TRUST_PROXY);
  const origins = new OriginPolicy(config.CONSOLE_ORIGINS, config.TRUST_PROXY);
  const onError = createTrpcErrorLogger(logger);
  const openapiJson = JSON.stringify(buildOpenApiDocument(appRouter, opts.version ?? '0.0.0'));

  const trpcHandler = createHTTPHandler({ router, basePath: '/trpc/', maxBodySize: config.maxBodyBytes, createContext: ({ req, res }) => contexts.http(req, res), onError });
  const restHandler = createOpenApiNodeHttpHandler({ router, maxBodySize: config.maxBodyBytes, createContext: ({ req, res }) => contexts.rest(req, res), onError });
  const sseStreams = new Set<ServerResponse>();
  const sseDeps = { createContext: (req: IncomingMessage, res: ServerResponse) => contexts.http(req, res), heartbeatMs: config.SSE_HEARTBEAT_MS, maxBufferedBytes: opts.sseMaxBufferedBytes ?? SSE_MAX_BUFFERED_BYTES, logger, streams };

  const uploadDeps = { createContext: sseDeps.createContext, maxCsvBytes: config.MAX_CSV_BYTES, maxPhotoBytes: config.MAX_PHOTO_BYTES };
  const photoDeps = { createContext: sseDeps.createContext, photos: new ScanPhotos(store.jobs, store.items, store.blobs) };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') {
      serveHealthz(res);
      return;
    }
    if (path === '/readyz') {
      await serveReadyz(res, { store, runnerRunning: () => jobs.executor.isRunning(), acceptingWork: () => accepting, queueProblem: () => jobs.queries.queueProblem() });
      return;
    }
    // Before the origin check and the worker role's refusal: scrapers send no Origin, and every process has its own figures.
    if (await metricsEndpoint?.serveOnMain(req, res, path)) return;
    const refused = origins.refusal(req);
    if (refused !== undefined) {
      sendOriginRefused(res, refused);
      return;
    }
    if (origins.isCrossOriginAllowed(req) && answerCors(req, res)) return;
    // A worker process runs jobs: clients are served by `api` (or `all`) processes.
    if (config.BOOKSTRACK_ROLE === 'worker') {
      sendNotFound(res, 'this is a worker process (BOOKSTRACK_ROLE=worker): it answers only /healthz, /readyz and, with METRICS_TOKEN, /metrics');
      return;
    }
    if (path === '/api/openapi.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(openapiJson);
      return;
    }
    if (serveDocs(path, res)) return;
    if (await serveConsole(req, res, path)) return;
    if (path.startsWith('/trpc/')) {
      trpcHandler(req, res);
      return;
    }
    const stream = SSE_PATH.exec(path);
    if (stream?.[1] !== undefined && req.method === 'GET') return serveJobStream(req, res, decodeSegment(stream[1]), sseDeps, sseStreams);
    if (req.method === 'POST' && isMultipart(req)) {
      if (path === '/api/v1/imports/csv') return serveCsvUpload(req, res, uploadDeps);
      if (path === '/api/v1/scans') return serveScanUpload(req, res, uploadDeps);
    }
    const photo = PHOTO_PATH.exec(path);
    if (photo?.[1] !== undefined && photo[2] !== undefined && req.method === 'GET') return servePhoto(req, res, decodeSegment(photo[1]), photo[2], photoDeps);
    const allowed = allowedMethodsIfWrong(req.method ?? 'GET', path);
    if (allowed) {
      sendMethodNotAllowed(res, req.method ?? 'GET', allowed);
      return;
    }
    if (path.startsWith('/api/v1/')) {
      req.url = (req.url ?? '/').slice('/api/v1'.length);
      normaliseRestContentType(req);
      return restHandler(req, res);
    }
    sendNotFound(res);
  }

  const server = createServer((req, res) => {
    logRequests(req, res, logger);
    route(req, res).catch((error: unknown) => {
      logger.error({ err: error, path: req.url?.split('?')[0] }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  answerClientErrors(server);

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxBodyBytes });
  const wsHandler = serveTrpcOverWs({
    wss,
    router,
    createContext: (req, connectionParams) => contexts.ws(req, connectionParams),
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    onError,
    sendWindow: opts.wsSendWindow ?? DEFAULT_SEND_WINDOW,
    streams,
  });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/trpc' || !accepting || config.BOOKSTRACK_ROLE === 'worker') {
      socket.destroy();
      return;
    }
    // Browsers do not apply CORS to WebSockets: the page's origin is checked here instead.
    const refused = origins.refusal(req);
    if (refused !== undefined) {
      const body = JSON.stringify({ message: refused, code: 'FORBIDDEN' });
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  let closing: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    accepting = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    wsHandler.broadcastReconnectNotification();
    for (const res of sseStreams) res.end();
    await jobs.stop();
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.closeAllConnections();
    await closed;
    await metricsEndpoint?.close();
    await cluster?.close();
    await store.close();
    logger.info('shut down cleanly');
  }

  const app: BooksTrackApp<TCatalog> = {
    server,
    wss,
    metrics,
    metricsUrl: undefined,
    store,
    jobs,
    async listen() {
      jobs.start();
      app.metricsUrl = await metricsEndpoint?.listen();
      return listenHttp(server, config.PORT, config.HOST);
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
  return app;
}
