import type { JobSystem } from '../../src/jobs/system.js';
import { CsvIntake } from '../../src/jobs/csv-import/intake.js';
import { ScanIntake } from '../../src/jobs/shelf-scan/scan-intake.js';
import { enricherFor } from '../../src/jobs/enrichment/enrich-pending.js';
import type { Context, RequestScope, RouterDeps } from '../../src/router/context.js';
import { createRateLimits } from '../../src/router/rate-limit.js';
import { createCallerFactory } from '../../src/router/trpc.js';
import { testLogger } from './job-system.js';
import type { TestJobCatalog } from './test-jobs.js';
import { createTestRouter } from './test-router.js';

export interface CallerOptions {
  adminToken?: string;
  apiKeys?: string[];
  bearer?: string;
  apiKey?: string;
  acceptingWork?: () => boolean;
  startsPerMinute?: number;
  books?: RouterDeps['books'];
  csvLimits?: { maxBytes?: number; maxRows?: number };
  /** Shelf scanning on (a scanner is configured) or off; on by default. */
  scanning?: { enabled?: boolean; reviewThreshold?: number };
}

/** A server-side caller of the test router over a job system: integration tests without sockets. */
export function createTestCaller(system: JobSystem<TestJobCatalog>, opts: CallerOptions = {}) {
  const headers = new Map<string, string>();
  const req: RequestScope = { transport: 'http', ip: '127.0.0.1', bearer: opts.bearer, apiKey: opts.apiKey, setHeader: (k, v) => headers.set(k, v) };
  const ctx: Context = {
    req,
    deps: {
      engine: system.engine,
      queries: system.queries,
      review: system.review,
      books: opts.books ?? enricherFor({ stores: system.store, providers: { metadata: [] } }),
      csvIntake: new CsvIntake(system.blobs, { maxBytes: opts.csvLimits?.maxBytes ?? 10 * 1024 * 1024, maxRows: opts.csvLimits?.maxRows ?? 10_000 }),
      scanIntake: new ScanIntake(system.blobs, {
        limits: { maxBytes: 10 * 1024 * 1024, minSide: 32, maxPixels: 50_000_000 },
        enabled: opts.scanning?.enabled ?? true,
        reviewThreshold: opts.scanning?.reviewThreshold ?? 0.7,
        maxSide: 3072,
      }),
      rateLimits: createRateLimits({ startsPerMinute: opts.startsPerMinute ?? 1_000, readsPerMinute: 10_000 }),
      auth: { adminToken: opts.adminToken, apiKeys: opts.apiKeys ?? [] },
      logger: testLogger,
      acceptingWork: opts.acceptingWork ?? (() => true),
    },
  };
  const caller = createCallerFactory(createTestRouter(() => system.engine))(ctx);
  return { caller, headers, ctx };
}
