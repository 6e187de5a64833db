import { isTrackedEnvelope } from '@trpc/server';
import type { TJobEvent } from '../../src/contract/job-events.js';
import type { TResultItem } from '../../src/contract/jobs.js';
import { enricherFor } from '../../src/jobs/enrichment/enrich-pending.js';
import type { JobSystemOptions } from '../../src/jobs/system.js';
import type { GeminiClientOptions } from '../../src/providers/gemini/gemini-client.js';
import type { UpstreamPolicy } from '../../src/providers/upstream/upstream-client.js';
import { parseConfig } from '../../src/server/config.js';
import { buildProviders } from '../../src/server/providers.js';
import { startFakeGemini, startFakeUpstreams, type FakeUpstreams } from '../fakes/index.js';
import type { FakeBook } from '../fakes/catalogue.js';
import { collect } from './events.js';
import { createTestJobSystem, testLogger } from './job-system.js';
import { OFFLINE_PROVIDER_ENV } from './offline-env.js';
import { createTestCaller, type CallerOptions } from './router-caller.js';

/** Fast limits for tests: the real pacing is exercised by the benchmark and by tests that set it. */
const FAST_RATES = { OPENLIBRARY_REQUESTS_PER_MINUTE: '60000', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '60000', ISBNDB_REQUESTS_PER_MINUTE: '60000' };
export const FAST_POLICY: Partial<UpstreamPolicy> = { backoffBaseMs: 5, breakerOpenMs: 300, timeoutMs: 1_000, maxRetryAfterMs: 5_000 };

export type EnrichmentHarness = Awaited<ReturnType<typeof startEnrichmentHarness>>;

/**
 * Fake upstreams, providers pointed at them, and a job system on a fresh in-memory database with
 * a router caller: enrichment end to end without sockets on our side.
 */
export interface HarnessOptions {
  catalogue?: FakeBook[];
  env?: Record<string, string>;
  policy?: Partial<UpstreamPolicy>;
  csvLimits?: CallerOptions['csvLimits'];
  gemini?: Partial<GeminiClientOptions>;
  /** Job engine options (a short stall timeout, a fast heartbeat). */
  jobOptions?: Partial<JobSystemOptions>;
}

export async function startEnrichmentHarness(opts: HarnessOptions = {}) {
  const fakes: FakeUpstreams = await startFakeUpstreams(opts.catalogue ? { catalogue: opts.catalogue } : {});
  const config = parseConfig({ ...OFFLINE_PROVIDER_ENV, ...fakes.env, ...FAST_RATES, ...opts.env });
  const providers = buildProviders(config, testLogger, { policy: { ...FAST_POLICY, ...opts.policy }, gemini: { backoffBaseMs: 10, ...opts.gemini } });
  const h = createTestJobSystem(opts.jobOptions ?? {}, providers);
  h.system.start();
  const books = enricherFor({ stores: h.system.store, providers });
  const scanning = { enabled: providers.shelfScanner !== undefined, reviewThreshold: config.REVIEW_THRESHOLD };
  const { caller } = createTestCaller(h.system, { books, scanning, ...(opts.csvLimits ? { csvLimits: opts.csvLimits } : {}) });
  return {
    ...h,
    fakes,
    config,
    providers,
    books,
    caller,
    /** A caller holding this job's token. */
    reader: (token: string) => createTestCaller(h.system, { bearer: token, books }).caller,
    /** Every event of the job, once it has ended. */
    async events(jobId: string, token: string, timeoutMs = 20_000): Promise<TJobEvent[]> {
      const stream = await createTestCaller(h.system, { bearer: token }).caller.jobs.onProgress({ jobId });
      async function* unwrap() {
        for await (const item of stream) if (isTrackedEnvelope(item)) yield item[1] as TJobEvent;
      }
      return collect(unwrap(), timeoutMs);
    },
    /** All result items, every page. */
    async results(jobId: string, token: string): Promise<TResultItem[]> {
      const reader = createTestCaller(h.system, { bearer: token }).caller;
      const items: TResultItem[] = [];
      let cursor: string | undefined;
      do {
        const page = await reader.jobs.results({ jobId, limit: 500, ...(cursor ? { cursor } : {}) });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return items;
    },
    async close() {
      await h.system.stop();
      await fakes.close();
    },
  };
}

export type GeminiHarness = Awaited<ReturnType<typeof startGeminiHarness>>;

/** The harness with a fake Gemini configured (shelf scans, CSV column mapping), closed with it. */
export async function startGeminiHarness(opts: HarnessOptions = {}) {
  const gemini = await startFakeGemini();
  const h = await startEnrichmentHarness({ ...opts, env: { GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url, ...opts.env } });
  return {
    ...h,
    gemini,
    async close() {
      await h.close();
      await gemini.close();
    },
  };
}
