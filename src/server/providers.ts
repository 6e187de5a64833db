import type { Logger } from 'pino';
import type { TMetadataProvider } from '../contract/books.js';
import type { JobProviders } from '../jobs/context.js';
import { GeminiCsvColumnMapper } from '../providers/gemini/csv-column-mapper.js';
import { GeminiClient, type GeminiClientOptions } from '../providers/gemini/gemini-client.js';
import { GeminiShelfScanner } from '../providers/gemini/shelf-scanner.js';
import { GoogleBooksProvider } from '../providers/google-books/google-books.provider.js';
import { IsbndbProvider } from '../providers/isbndb/isbndb.provider.js';
import { OpenLibraryProvider } from '../providers/openlibrary/openlibrary.provider.js';
import type { BookProvider } from '../providers/types.js';
import { DEFAULT_UPSTREAM_POLICY, type UpstreamPolicy } from '../providers/upstream/upstream-client.js';
import type { SharedPace } from '../providers/upstream/shared-pace.js';
import type { Telemetry } from '../telemetry.js';
import type { AppConfig } from './config.js';

/** What `buildProviders` may be given besides the configuration. */
export interface ProviderExtras {
  /** Overrides of the upstream policy (tests: short breakers and backoff). */
  policy?: Partial<UpstreamPolicy>;
  gemini?: Partial<GeminiClientOptions>;
  /** Pacing shared by every process on the same PostgreSQL; without it each process paces alone. */
  sharedPace?: SharedPace | undefined;
  /** Where the providers report their requests (metrics). */
  telemetry?: Telemetry | undefined;
}

/**
 * The process's one instance of each configured provider, in `ENRICH_PROVIDERS` order; a provider
 * that needs a key it does not have is skipped (and said so in the log).
 */
export function buildProviders(config: AppConfig, logger: Logger, extras: ProviderExtras = {}): JobProviders {
  const { sharedPace, telemetry } = extras;
  const base = { ...DEFAULT_UPSTREAM_POLICY, timeoutMs: config.PROVIDER_TIMEOUT_MS, ...extras.policy };
  const upstream = {
    telemetry,
    ...(sharedPace
      ? {
          sharedPace,
          onSharedPaceError: (error: unknown) => logger.warn({ err: error }, 'the shared provider pacing in PostgreSQL did not answer; pacing this process alone until it does'),
        }
      : {}),
  };
  const make: Record<TMetadataProvider, () => BookProvider | string> = {
    openlibrary: () =>
      new OpenLibraryProvider({
        baseUrl: config.OPENLIBRARY_BASE_URL,
        coversBaseUrl: config.OPENLIBRARY_COVERS_BASE_URL,
        userAgent: config.OPENLIBRARY_USER_AGENT,
        policy: { ...base, requestsPerMinute: config.OPENLIBRARY_REQUESTS_PER_MINUTE },
        upstream,
      }),
    'google-books': () =>
      new GoogleBooksProvider({
        baseUrl: config.GOOGLE_BOOKS_BASE_URL,
        apiKey: config.GOOGLE_BOOKS_API_KEY,
        policy: { ...base, requestsPerMinute: config.GOOGLE_BOOKS_REQUESTS_PER_MINUTE },
        upstream,
      }),
    isbndb: () =>
      config.ISBNDB_API_KEY === undefined
        ? 'ISBNDB_API_KEY is not set'
        : new IsbndbProvider({
            baseUrl: config.ISBNDB_BASE_URL,
            apiKey: config.ISBNDB_API_KEY,
            bulk: config.ISBNDB_BULK,
            policy: { ...base, requestsPerMinute: config.ISBNDB_REQUESTS_PER_MINUTE, concurrency: 1 },
            upstream,
          }),
  };
  const metadata: BookProvider[] = [];
  for (const name of config.ENRICH_PROVIDERS) {
    const provider = make[name]();
    if (typeof provider === 'string') logger.warn({ provider: name }, `metadata provider skipped: ${provider}`);
    else metadata.push(provider);
  }
  const client = buildGeminiClient(config, { ...extras.gemini, telemetry });
  logger.info(
    { model: config.GEMINI_MODEL },
    client ? 'Gemini: on (shelf scans, CSV column mapping)' : 'Gemini: off, GEMINI_API_KEY is not set (shelf scans refused, CSV column mapping by synonyms only)',
  );
  return { metadata, ...(client ? { gemini: client, csvColumns: new GeminiCsvColumnMapper(client), shelfScanner: new GeminiShelfScanner(client) } : {}) };
}

/**
 * The Gemini client the configuration describes, or undefined without GEMINI_API_KEY. Build it
 * once per process (buildProviders does) and share it: every feature then counts against one key.
 */
export function buildGeminiClient(config: AppConfig, overrides: Partial<GeminiClientOptions> = {}): GeminiClient | undefined {
  if (config.GEMINI_API_KEY === undefined) return undefined;
  return new GeminiClient({
    apiKey: config.GEMINI_API_KEY,
    model: config.GEMINI_MODEL,
    baseUrl: config.GEMINI_BASE_URL,
    timeoutMs: config.GEMINI_TIMEOUT_MS,
    ...overrides,
  });
}
