/**
 * bench:library — a whole Goodreads library imported through the real server, against fakes paced
 * like the real providers: how close the import comes to the rate limits' floor, and whether the
 * progress stream stays lively all the way.
 *
 *   npm run bench:library -- [--rows 1500] [--seed 1] [--latency 100] [--max-minutes 90]
 *                            [--ol-rpm 180] [--google-rpm 60] [--isbndb-rpm 60]
 *                            [--log-level warn] [--strict] [--json]
 *
 * The export (test/fakes/library-export.ts) is seeded: 25 % of rows without an ISBN, 10 % of books
 * no provider knows, the rest spread over OpenLibrary, Google Books and ISBNdb as KNOWN_MIX says.
 * The three fakes answer after `--latency` ms and refuse (429) more than their provider's limit in
 * any rolling second. The app keeps its own default *_REQUESTS_PER_MINUTE (none is set here, so
 * the defaults are what is measured); `--*-rpm` sets one limit for both sides, for quick runs.
 * The server runs in this process on loopback with a temp DATA_DIR (a file database, as deployed);
 * the job is started and followed through the typed client (tRPC over HTTP + WebSocket), each
 * event stamped on arrival.
 * Reported: wall time (start sent → terminal event), calls and 429s per provider, the floor
 * (max over providers of answered calls ÷ (limit/60) seconds), wall/floor, the longest silence on
 * the stream (and start → first event), final item counts, rows left pending, the terminal event.
 * Aims: wall/floor ≤ 1.3, no silence over 5 s, 0 rows pending. Exits non-zero when the job does not
 * complete, rows are left pending, a row has no item, or the --max-minutes guard had to cancel it;
 * the ratio and gap aims fail the exit only with --strict. A status line goes to stderr each minute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { parseConfig } from '../src/server/config.js';
import { createLogger } from '../src/server/logger.js';
import { startServer } from '../src/server/start.js';
import { startFakeUpstreams } from '../test/fakes/index.js';
import { libraryExport } from '../test/fakes/library-export.js';
import { followImport, type TimedEvent } from './library-follow.js';
import { buildReport, formatReport } from './library-report.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1500' },
    seed: { type: 'string', default: '1' },
    latency: { type: 'string', default: '100' },
    'max-minutes': { type: 'string', default: '90' },
    'ol-rpm': { type: 'string' },
    'google-rpm': { type: 'string' },
    'isbndb-rpm': { type: 'string' },
    'log-level': { type: 'string', default: 'warn' },
    strict: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const LATENCY = Number(args.latency);
const MAX_MS = Number(args['max-minutes']) * 60_000;

/**
 * The providers' own published limits, which the fakes enforce. They equal the app's defaults
 * today; they are spelled out here so that a change of the app's defaults is measured against the
 * upstream as it is, not against a fake that moved with it.
 */
const UPSTREAM_RPM = { openlibrary: 180, googleBooks: 60, isbndb: 60 } as const;
const overrides = {
  openlibrary: args['ol-rpm'] === undefined ? undefined : Number(args['ol-rpm']),
  googleBooks: args['google-rpm'] === undefined ? undefined : Number(args['google-rpm']),
  isbndb: args['isbndb-rpm'] === undefined ? undefined : Number(args['isbndb-rpm']),
};
const overrideEnv: Record<string, string> = {
  ...(overrides.openlibrary !== undefined ? { OPENLIBRARY_REQUESTS_PER_MINUTE: String(overrides.openlibrary) } : {}),
  ...(overrides.googleBooks !== undefined ? { GOOGLE_BOOKS_REQUESTS_PER_MINUTE: String(overrides.googleBooks) } : {}),
  ...(overrides.isbndb !== undefined ? { ISBNDB_REQUESTS_PER_MINUTE: String(overrides.isbndb) } : {}),
};

const library = libraryExport({ rows: ROWS, seed: Number(args.seed) });
const fakes = await startFakeUpstreams({ catalogue: library.catalogue });
const limited = [
  { name: 'openlibrary', fake: fakes.openlibrary, rpm: overrides.openlibrary ?? UPSTREAM_RPM.openlibrary },
  { name: 'google-books', fake: fakes.googleBooks, rpm: overrides.googleBooks ?? UPSTREAM_RPM.googleBooks },
  { name: 'isbndb', fake: fakes.isbndb, rpm: overrides.isbndb ?? UPSTREAM_RPM.isbndb },
];
for (const { fake, rpm } of limited) {
  fake.faults.latencyMs = LATENCY;
  fake.faults.rateLimit = { perSecond: rpm / 60 };
}

const dir = mkdtempSync(join(tmpdir(), 'bookstrack-bench-library-'));
// The process environment is not passed on: a *_REQUESTS_PER_MINUTE in the shell must not change what is measured.
const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: args['log-level'], ...fakes.env, ...overrideEnv });
const appRpm = { openlibrary: config.OPENLIBRARY_REQUESTS_PER_MINUTE, 'google-books': config.GOOGLE_BOOKS_REQUESTS_PER_MINUTE, isbndb: config.ISBNDB_REQUESTS_PER_MINUTE };
// Logs go to stderr so that --json output stays parseable.
const server = await startServer(config, createLogger({ level: config.LOG_LEVEL, destination: pino.destination(2) }));

let cleaned = false;
async function cleanUp(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await server.close();
  await fakes.close();
  rmSync(dir, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the server and the fakes, removing ${dir}\n`);
    cleanUp().then(
      () => process.exit(130),
      (error: unknown) => {
        process.stderr.write(`clean-up failed: ${String(error)}\n`);
        process.exit(130);
      },
    );
  });
}

let seen = 0;
let last: TimedEvent | undefined;
const started = Date.now();
const ticker = setInterval(() => {
  const calls = limited.map((l) => `${l.name} ${l.fake.calls.length}`).join(', ');
  const minutes = ((Date.now() - started) / 60_000).toFixed(0);
  process.stderr.write(`[${minutes} min] ${seen} events, last ${last ? `#${last.seq} ${last.type} at ${(last.atMs / 1000).toFixed(0)} s` : 'none'}; calls: ${calls}\n`);
}, 60_000);

let report;
try {
  const follow = await followImport(server.url, library.csv, {
    maxMs: MAX_MS,
    onEvent: (e) => {
      seen++;
      last = e;
    },
  });
  report = buildReport({
    rows: ROWS,
    latencyMs: LATENCY,
    mix: library.mix,
    follow,
    providers: limited.map((l) => ({ name: l.name, rpm: l.rpm, appRpm: appRpm[l.name as keyof typeof appRpm], calls: l.fake.calls, busiestSecond: l.fake.maxRequestsPerSecond() })),
  });
} finally {
  clearInterval(ticker);
  await cleanUp();
}

if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else process.stdout.write(formatReport(report));
const invariantsHold = Object.values(report.invariants).every(Boolean);
const aimsMet = report.aims.ratio.pass && report.aims.gap.pass;
process.exit(invariantsHold && (!args.strict || aimsMet) ? 0 : 1);
