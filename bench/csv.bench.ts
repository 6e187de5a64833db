/**
 * bench:csv — a Goodreads-format export imported with enrichment, against papaparse parsing the
 * same file in the same run.
 *
 *   npm run bench:csv -- [--rows 10000] [--mib 9.9] [--no-enrich] [--metrics] [--json]
 *
 * The file has `--rows` rows (books of a synthetic catalogue), reviews padded so it weighs about
 * `--mib` MiB (under MAX_CSV_BYTES); `--no-enrich` imports with `enrich: false` (parse and map only). The fakes (OpenLibrary, Google Books, ISBNdb) run in this
 * process on loopback with no latency and limits high enough not to pace. Reported: wall time and
 * rows/s of the bare parse and of the whole import (intake → terminal event), their ratio, and the
 * peak RSS of each above the RSS before it (sampled every 5 ms, after a GC). The parse is measured
 * warm (run a few times first, so its JIT is not counted against it) and its rows are dropped
 * before the import starts; the import is timed to its terminal event on the bus, not polled.
 * `--metrics` records the import's telemetry into the metrics /metrics serves (as with
 * METRICS_TOKEN set) and scrapes them once at the end: the cost of metrics is the difference from a
 * run without it. Aims: import ≤ 8× the warm parse; under 90 MB of extra memory. Exits non-zero when the import
 * does not complete with every row matched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { openDatabase } from '../src/db/client.js';
import { createSqliteStore } from '../src/db/sqlite-store.js';
import { CsvIntake } from '../src/jobs/csv-import/intake.js';
import { appJobRegistry } from '../src/jobs/registry.js';
import { createJobSystem } from '../src/jobs/system.js';
import { parseConfig } from '../src/server/config.js';
import { createLogger } from '../src/server/logger.js';
import { buildProviders } from '../src/server/providers.js';
import { BooksTrackMetrics } from '../src/server/metrics/metrics.js';
import { StreamStats } from '../src/server/stream-stats.js';
import { syntheticCatalogue } from '../test/fakes/catalogue.js';
import { goodreadsCsv } from '../test/fakes/goodreads-csv.js';
import { startFakeUpstreams } from '../test/fakes/index.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    mib: { type: 'string', default: '9.9' },
    'no-enrich': { type: 'boolean', default: false },
    metrics: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const ENRICH_OFF = args['no-enrich'];
const MiB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const catalogue = syntheticCatalogue(ROWS);
const bare = Buffer.byteLength(goodreadsCsv(catalogue.slice(0, 100))) / 100;
const reviewChars = Math.max(0, Math.floor((Number(args.mib) * MiB) / ROWS - bare));
const csv = Buffer.from(goodreadsCsv(catalogue, { reviewChars }));

/** Peak RSS while `fn` runs, above the RSS just before it. */
async function measure<T>(fn: () => Promise<T> | T): Promise<{ value: T; wallMs: number; extraMb: number }> {
  gc();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  const value = await fn();
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { value, wallMs, extraMb: (peak - before) / MiB };
}

const bareParse = () => Papa.parse<Record<string, string>>(csv.toString('utf8'), { header: true, skipEmptyLines: 'greedy' }).data;
// Warm-up: the import's own parser is warm by the time it matters, so the baseline should be too.
for (let i = 0; i < 3; i++) bareParse();
// The rows stay alive inside `measure` (the RSS peak is sampled with them), only their count leaves.
const parse = await measure(() => bareParse().length);

const fakes = await startFakeUpstreams({ catalogue });
const dir = mkdtempSync(join(tmpdir(), 'bookstrack-bench-csv-'));
const logger = createLogger({ level: 'warn' });
const fast = { OPENLIBRARY_REQUESTS_PER_MINUTE: '100000', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '100000', ISBNDB_REQUESTS_PER_MINUTE: '100000' };
const config = parseConfig({ DATA_DIR: dir, ...fakes.env, ...fast });
const db = openDatabase(config.DATABASE_PATH);
const metrics = args.metrics ? new BooksTrackMetrics({ info: { version: 'bench', role: 'all', database: 'sqlite' }, kinds: Object.keys(appJobRegistry), logger }) : undefined;
const telemetry = metrics?.telemetry();
const store = createSqliteStore(db, join(dir, 'blobs'));
const system = createJobSystem({ store, registry: appJobRegistry, providers: buildProviders(config, logger, { telemetry }), logger, options: { pollIntervalMs: 10 }, telemetry });
metrics?.watch({ census: () => system.queries.census(), streams: new StreamStats() });
const intake = new CsvIntake(system.blobs, { maxBytes: config.MAX_CSV_BYTES, maxRows: config.MAX_CSV_ROWS });
system.start();

const job = await measure(async () => {
  const accepted = await intake.accept(csv, 'csv');
  const { jobId } = await system.engine.enqueue('csv-import', { ...accepted, format: 'auto', enrich: !ENRICH_OFF }, { clientKey: 'bench', blobs: [{ sha256: accepted.blob, role: 'csv' }] });
  // The job's terminal event, not a poll: polling every 10 ms cost the import ~9 % of its time.
  const terminal = new Set(['completed', 'failed', 'canceled']);
  let unsubscribe = (): void => undefined;
  const ended = new Promise<void>((resolve) => {
    unsubscribe = system.bus.subscribe(jobId, (event) => {
      if (terminal.has(event.type)) resolve();
    });
  });
  if (!terminal.has((await system.queries.snapshot(jobId)).status)) await ended;
  unsubscribe();
  return { snapshot: await system.queries.snapshot(jobId), phases: phaseTimes(jobId) };
});

/**
 * Milliseconds from each phase event to the next phase (or the end), from the log's own times (to
 * the millisecond; an event's `at` is to the whole second).
 */
function phaseTimes(jobId: string): Record<string, number> {
  const marks = db.$client
    .prepare("SELECT at, type, json_extract(event, '$.phase') AS phase FROM job_events WHERE job_id = ? AND type IN ('phase', 'completed', 'failed') ORDER BY seq")
    .all(jobId) as { at: number; type: string; phase: string | null }[];
  const out: Record<string, number> = {};
  marks.forEach((e, i) => {
    const next = marks[i + 1];
    if (e.type === 'phase' && e.phase !== null && next) out[e.phase] = next.at - e.at;
  });
  return out;
}

/** One scrape after the import: how long it takes, and whether it counted every row. */
async function scrapeOnce(): Promise<{ ms: number; itemsDecided: number } | null> {
  if (!metrics) return null;
  const started = performance.now();
  const text = await metrics.scrape();
  const ms = performance.now() - started;
  const itemsDecided = [...text.matchAll(/^bookstrack_items_decided_total\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
  return { ms: Math.round(ms * 10) / 10, itemsDecided };
}
const scraped = await scrapeOnce();

await system.stop();
db.$client.close();
await fakes.close();
rmSync(dir, { recursive: true, force: true });

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const { snapshot, phases } = job.value;
const result = {
  file: { rows: ROWS, mib: round(csv.byteLength / MiB, 2) },
  parse: { rows: parse.value, wallMs: round(parse.wallMs), rowsPerS: Math.round(parse.value / (parse.wallMs / 1000)), extraRssMb: round(parse.extraMb) },
  import: {
    status: snapshot.status,
    counts: snapshot.counts,
    upstreamCalls: (snapshot.summary?.details as { upstreamCalls?: number } | undefined)?.upstreamCalls ?? null,
    wallMs: round(job.wallMs),
    phasesMs: phases,
    rowsPerS: Math.round(ROWS / (job.wallMs / 1000)),
    extraRssMb: round(job.extraMb),
  },
  importToParse: round(job.wallMs / parse.wallMs, 2),
  metrics: scraped,
  aims: { importToParseAtMost: 8, extraRssMbUnder: 90 },
};

if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  const r = result;
  process.stdout.write(
    `file      ${r.file.rows} rows, ${r.file.mib} MiB (Goodreads format)\n` +
      `parse     papaparse (warm): ${r.parse.wallMs} ms, ${r.parse.rowsPerS} rows/s, +${r.parse.extraRssMb} MB RSS\n` +
      `import    ${r.import.status} ${JSON.stringify(r.import.counts)}: ${r.import.wallMs} ms, ${r.import.rowsPerS} rows/s, +${r.import.extraRssMb} MB RSS, ${String(r.import.upstreamCalls)} upstream calls\n` +
      `phases    ${Object.entries(r.import.phasesMs).map(([p, ms]) => `${p} ${ms} ms`).join(', ')}\n` +
      `ratio     import / parse = ${r.importToParse}× (aim ≤ 8×); extra memory ${r.import.extraRssMb} MB (aim < 90 MB)\n` +
      (r.metrics ? `metrics   on: one scrape ${r.metrics.ms} ms, items decided ${r.metrics.itemsDecided}\n` : 'metrics   off (--metrics to record them)\n'),
  );
}
const counted = scraped === null || scraped.itemsDecided === ROWS;
process.exit(snapshot.status === 'completed' && (ENRICH_OFF ? snapshot.counts.parsed : snapshot.counts.matched) === ROWS && counted ? 0 : 1);
