import type { Socket } from 'node:net';
import { createTRPCClient, type TRPCClient } from '@trpc/client';
import { createBooksTrackLinks, type BooksTrackClientOptions } from '../../src/client/create-client.js';
import { createBooksTrackApp, type BooksTrackApp } from '../../src/server/app.js';
import { parseConfig } from '../../src/server/config.js';
import { buildProviders } from '../../src/server/providers.js';
import type { SendWindowLimits } from '../../src/server/ws-send-window.js';
import { FAST_POLICY } from './enrichment-harness.js';
import type { JobSystemOptions } from '../../src/jobs/system.js';
import type { Logger } from 'pino';
import { testLogger } from './job-system.js';
import { OFFLINE_PROVIDER_ENV } from './offline-env.js';
import { createProbe, createTestRegistry, type TestJobCatalog } from './test-jobs.js';
import { createTestRouter, type TestRouter } from './test-router.js';
import { testTempDir } from './temp-dir.js';

export interface TestServer {
  app: BooksTrackApp<TestJobCatalog>;
  url: string;
  probe: ReturnType<typeof createProbe>;
  /** A typed client of the test router (appRouter + test start routes). */
  client(opts?: Partial<BooksTrackClientOptions>): { trpc: TRPCClient<TestRouter>; close: () => Promise<void> };
  /** Destroys every server-side socket (HTTP, SSE and WebSocket alike), as a network drop would. */
  dropConnections(): number;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1:0 with an in-memory database and the test job kinds. */
export async function startTestServer(
  env: Record<string, string> = {},
  jobOptions: Partial<JobSystemOptions> = {},
  /** Test-speed provider policies (short breaker and backoff), instead of the production ones; `logger` replaces the silent test logger. */
  opts: { fastProviders?: boolean; logger?: Logger; wsSendWindow?: SendWindowLimits; sseMaxBufferedBytes?: number } = {},
): Promise<TestServer> {
  const dataDir = testTempDir('e2e-');
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', ...OFFLINE_PROVIDER_ENV, ...env });
  const logger = opts.logger ?? testLogger;
  const probe = createProbe();
  // The test routes need the engine, which the app builds: resolve it lazily.
  const router = createTestRouter(() => app.jobs.engine);
  const app: BooksTrackApp<TestJobCatalog> = createBooksTrackApp({
    config,
    logger,
    registry: createTestRegistry(probe),
    router,
    ...(opts.fastProviders ? { providers: buildProviders(config, logger, { policy: FAST_POLICY, gemini: { backoffBaseMs: 10 } }) } : {}),
    jobOptions: { pollIntervalMs: 20, progressIntervalMs: 0, ...jobOptions },
    ...(opts.wsSendWindow ? { wsSendWindow: opts.wsSendWindow } : {}),
    ...(opts.sseMaxBufferedBytes === undefined ? {} : { sseMaxBufferedBytes: opts.sseMaxBufferedBytes }),
  });
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const url = await app.listen();
  const clients: { close: () => Promise<void> }[] = [];
  return {
    app,
    url,
    probe,
    client(opts = {}) {
      const { links, close } = createBooksTrackLinks({ url, retryDelayMs: () => 50, ...opts });
      const trpc = createTRPCClient<TestRouter>({ links });
      clients.push({ close });
      return { trpc, close };
    },
    dropConnections() {
      const n = sockets.size;
      for (const socket of sockets) socket.destroy();
      return n;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await app.close();
    },
  };
}
