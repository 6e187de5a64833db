import { z } from 'zod';
import { ZMetadataProvider } from '../contract/books.js';
import { redactUrl } from '../db/pg/client.js';

const MiB = 1024 * 1024;

const int = (min: number, max: number) => z.coerce.number<string>().int().min(min).max(max);
const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const url = z.url({ protocol: /^https?$/ }).transform((v) => v.replace(/\/+$/, ''));
const flag = z
  .enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'])
  .default('off')
  .transform((v) => ['on', 'true', '1', 'yes'].includes(v));

/** The environment the server reads (DESIGN §6), validated once at start-up. */
const ZEnv = z.object({
  PORT: int(0, 65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_PATH: z.string().min(1).optional(),
  /**
   * PostgreSQL (`postgres://user:password@host:5432/db`): every process on it shares jobs, uploads,
   * limits and provider pacing. Unset: embedded SQLite at DATABASE_PATH, one machine.
   */
  DATABASE_URL: optionalSecret.refine((v) => v === undefined || /^postgres(ql)?:\/\/[^\s]+$/.test(v), 'must be a postgres:// or postgresql:// URL'),
  /** Connections each process opens to PostgreSQL (each job worker thread opens its own). */
  DATABASE_POOL_SIZE: int(1, 100).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RESULTS_TTL_HOURS: z.coerce.number<string>().positive().max(24 * 365).default(24),
  RATE_LIMIT_STARTS_PER_MINUTE: int(1, 100_000).default(10),
  RATE_LIMIT_READS_PER_MINUTE: int(1, 1_000_000).default(600),
  MAX_CSV_BYTES: int(1, 1024 * MiB).default(10 * MiB),
  MAX_PHOTO_BYTES: int(1, 1024 * MiB).default(10 * MiB),
  /** Photos with more pixels are refused: decoding them costs memory for nothing a shelf needs. */
  MAX_PHOTO_PIXELS: int(1024, 1_000_000_000).default(50_000_000),
  /** Photos are scaled down so their longest side is at most this before Gemini sees them. */
  SCAN_PHOTO_MAX_SIDE: int(256, 16_384).default(3072),
  /** Data rows one CSV import may hold; a longer file is refused rather than half-imported. */
  MAX_CSV_ROWS: int(1, 1_000_000).default(10_000),
  BOOKSTRACK_ADMIN_TOKEN: optionalSecret.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  BOOKSTRACK_API_KEYS: optionalSecret.transform((v) => (v === undefined ? [] : v.split(',').map((k) => k.trim()).filter((k) => k.length > 0))),
  TRUST_PROXY: flag,
  /**
   * /metrics (Prometheus) is off unless one of these is set. METRICS_TOKEN serves it on the main
   * port to a scraper sending `Authorization: Bearer <token>`; METRICS_PORT serves it on a port of
   * its own, on METRICS_HOST (loopback by default), with the token too when one is set.
   */
  METRICS_TOKEN: optionalSecret.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  METRICS_PORT: int(0, 65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Other origins whose pages may call the API from a browser (comma-separated, e.g. a console
   * hosted elsewhere): `https://console.example.com`. The server's own origin is always allowed.
   */
  CONSOLE_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter((o) => o.length > 0))
    .pipe(z.array(z.url({ protocol: /^https?$/ }).refine((o) => new URL(o).origin === o.replace(/\/+$/, ''), 'must be an origin: scheme, host and port, no path'))),
  /** Renewed every third of it; a dead worker's jobs move on once it runs out (within 30 s with the default). */
  JOB_LEASE_MS: int(100, 3_600_000).default(20_000),
  SSE_HEARTBEAT_MS: int(10, 600_000).default(15_000),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  DUPLICATE_WINDOW_MS: int(0, 86_400_000).default(600_000),
  STALL_AFTER_MS: int(100, 86_400_000).default(180_000),
  /** A running job that stores and emits nothing for this long is ended, retryable (no wall-clock limit). */
  JOB_STALL_TIMEOUT_MS: int(100, 24 * 3_600_000).default(5 * 60_000),
  /** A running job quiet this long sends its progress again, with what it waits for and an estimate. */
  PROGRESS_HEARTBEAT_MS: int(50, 60_000).default(2_000),
  /** Threads that run job handlers, off the thread that serves clients; 0 runs them on it. */
  JOB_WORKERS: int(0, 16).default(1),
  /**
   * What this process does: `all` serves clients and runs jobs; `api` serves clients and starts
   * jobs that `worker` processes run; `worker` runs jobs and answers only /healthz and /readyz.
   */
  BOOKSTRACK_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /** How often a process that serves clients reads the log of the jobs it streams, for events other processes wrote. */
  EVENT_POLL_MS: int(20, 60_000).default(500),
  // Metadata providers (DESIGN §6). Base URLs exist so tests, the demo and operators can point elsewhere.
  ENRICH_PROVIDERS: z
    .string()
    .default('openlibrary,google-books,isbndb')
    .transform((v) => v.split(',').map((p) => p.trim()).filter((p) => p.length > 0))
    .pipe(z.array(ZMetadataProvider).min(1, 'name at least one provider').refine((l) => new Set(l).size === l.length, 'a provider is listed twice')),
  REVIEW_THRESHOLD: z.coerce.number<string>().min(0).max(1).default(0.7),
  OPENLIBRARY_BASE_URL: url.default('https://openlibrary.org'),
  OPENLIBRARY_COVERS_BASE_URL: url.default('https://covers.openlibrary.org'),
  /** OpenLibrary asks frequent callers to name the application and a contact in the User-Agent. */
  OPENLIBRARY_USER_AGENT: z.string().min(1).max(300).default('BooksTrack/0.1 (https://github.com/bookstrack; ops@bookstrack.app)'),
  OPENLIBRARY_REQUESTS_PER_MINUTE: int(1, 100_000).default(180),
  GOOGLE_BOOKS_API_KEY: optionalSecret,
  GOOGLE_BOOKS_BASE_URL: url.default('https://www.googleapis.com/books/v1'),
  GOOGLE_BOOKS_REQUESTS_PER_MINUTE: int(1, 100_000).default(60),
  ISBNDB_API_KEY: optionalSecret,
  ISBNDB_BASE_URL: url.default('https://api2.isbndb.com'),
  ISBNDB_REQUESTS_PER_MINUTE: int(1, 100_000).default(60),
  /** `POST /books` (up to 1,000 ISBNs a call) exists on ISBNdb's Premium plan and above only. */
  ISBNDB_BULK: flag,
  PROVIDER_TIMEOUT_MS: int(100, 120_000).default(10_000),
  // Gemini: maps unfamiliar CSV headers (and later reads shelf photos). Off without a key.
  GEMINI_API_KEY: optionalSecret,
  /** A model id as the API names it; restricted to id characters since it becomes part of the URL path. */
  GEMINI_MODEL: z.string().regex(/^[A-Za-z0-9][\w.-]*$/, 'must be a model id such as gemini-2.5-flash').default('gemini-2.5-flash'),
  GEMINI_BASE_URL: url.default('https://generativelanguage.googleapis.com'),
  /** Per HTTP attempt; a model answer takes seconds, a photo of a shelf can take tens of seconds. */
  GEMINI_TIMEOUT_MS: int(100, 600_000).default(60_000),
}).superRefine((c, ctx) => {
  // One slow upstream call, waited out in full, is not a stalled job.
  if (c.JOB_STALL_TIMEOUT_MS <= Math.max(c.PROVIDER_TIMEOUT_MS, c.GEMINI_TIMEOUT_MS)) {
    ctx.addIssue({ code: 'custom', path: ['JOB_STALL_TIMEOUT_MS'], message: 'must be longer than PROVIDER_TIMEOUT_MS and GEMINI_TIMEOUT_MS' });
  }
  // A live run speaks at least every PROGRESS_HEARTBEAT_MS: a shorter silence is not a stall.
  if (c.STALL_AFTER_MS <= c.PROGRESS_HEARTBEAT_MS * 2) {
    ctx.addIssue({ code: 'custom', path: ['STALL_AFTER_MS'], message: 'must be longer than twice PROGRESS_HEARTBEAT_MS' });
  }
  if (c.METRICS_PORT !== undefined && c.METRICS_PORT !== 0 && c.METRICS_PORT === c.PORT) {
    ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'must differ from PORT (to serve /metrics on the main port, set METRICS_TOKEN alone)' });
  }
  // api and worker processes meet in the database: an in-memory one is one process's own.
  if (c.BOOKSTRACK_ROLE !== 'all' && c.DATABASE_URL === undefined && c.DATABASE_PATH === ':memory:') {
    ctx.addIssue({ code: 'custom', path: ['BOOKSTRACK_ROLE'], message: `${c.BOOKSTRACK_ROLE} processes share a database file with the others; DATABASE_PATH=:memory: belongs to one process` });
  }
});

export type AppConfig = ReturnType<typeof parseConfig>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment; a bad value stops start-up with one line per variable at fault. */
export function parseConfig(env: Record<string, string | undefined>) {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `  ${name}: ${issue.message} (got ${JSON.stringify(env[name] ?? null)})`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    DATABASE_PATH: c.DATABASE_PATH ?? `${c.DATA_DIR}/bookstrack.db`,
    /** Largest request body on any transport: a CSV as a JSON string (escaping may double it) or five base64 photos. */
    /** Whether this process serves /metrics anywhere (and so keeps metrics at all). */
    metricsEnabled: c.METRICS_TOKEN !== undefined || c.METRICS_PORT !== undefined,
    maxBodyBytes: Math.max(2 * c.MAX_CSV_BYTES, 5 * Math.ceil((c.MAX_PHOTO_BYTES * 4) / 3)) + 64 * 1024,
  };
}

/** The configuration with secrets replaced, safe to log. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  return {
    ...config,
    DATABASE_URL: config.DATABASE_URL === undefined ? 'unset (SQLite)' : redactUrl(config.DATABASE_URL),
    BOOKSTRACK_ADMIN_TOKEN: config.BOOKSTRACK_ADMIN_TOKEN === undefined ? 'unset' : 'set',
    BOOKSTRACK_API_KEYS: `${config.BOOKSTRACK_API_KEYS.length} key(s)`,
    METRICS_TOKEN: config.METRICS_TOKEN === undefined ? 'unset' : 'set',
    GOOGLE_BOOKS_API_KEY: config.GOOGLE_BOOKS_API_KEY === undefined ? 'unset' : 'set',
    ISBNDB_API_KEY: config.ISBNDB_API_KEY === undefined ? 'unset' : 'set',
    GEMINI_API_KEY: config.GEMINI_API_KEY === undefined ? 'unset' : 'set',
  };
}
