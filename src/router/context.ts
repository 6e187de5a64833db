import type { Logger } from 'pino';
import type { AppJobCatalog } from '../jobs/catalog.js';
import type { CsvIntake } from '../jobs/csv-import/intake.js';
import type { JobEngine } from '../jobs/engine.js';
import type { Enricher } from '../jobs/enrichment/enricher.js';
import type { JobQueries } from '../jobs/queries.js';
import type { ReviewService } from '../jobs/review.js';
import type { ScanIntake } from '../jobs/shelf-scan/scan-intake.js';
import type { RateLimits } from './rate-limit.js';

/** Long-lived dependencies, built once in the composition root. */
export interface RouterDeps {
  engine: JobEngine<AppJobCatalog>;
  queries: JobQueries;
  /** The review queue (`review.*`). */
  review: ReviewService;
  /** Catalogue lookups (`books.*`): the same providers, limits and cache the jobs use. */
  books: Pick<Enricher, 'lookupIsbn' | 'search'>;
  /** Checks and stores CSV uploads before an import job is queued. */
  csvIntake: CsvIntake;
  /** Checks and stores shelf photos before a scan job is queued (refuses when scanning is off). */
  scanIntake: ScanIntake;
  rateLimits: RateLimits;
  auth: { adminToken: string | undefined; apiKeys: readonly string[] };
  logger: Logger;
  /** False once shutdown has begun: new jobs are refused with SHUTTING_DOWN (503). */
  acceptingWork(): boolean;
}

/** What one request (or one WebSocket connection) brings. */
export interface RequestScope {
  transport: 'http' | 'ws';
  /** Client address (first X-Forwarded-For hop when TRUST_PROXY is on). */
  ip: string;
  /** `Authorization: Bearer …` (HTTP) or `connectionParams.token` (WebSocket). */
  bearer: string | undefined;
  /** `X-Api-Key` (HTTP) or `connectionParams.apiKey` (WebSocket). */
  apiKey: string | undefined;
  /** Sets a response header; a no-op on WebSocket, which has no per-call headers. */
  setHeader(name: string, value: string): void;
  /**
   * The call came through the REST bridge (`/api/v1`), whose typed clients cannot decode a `null`
   * body: a procedure that answers null for "no such record" answers 404 there instead.
   */
  viaRest?: boolean;
}

export interface Context {
  deps: RouterDeps;
  req: RequestScope;
}
