/**
 * bench:enrich — enrichment jobs against the fake OpenLibrary on loopback, paced as the real one.
 *
 *   npm run bench:enrich -- [--isbn-books 1000] [--title-books 200] [--latency 100] [--rate 3] [--json]
 *
 * The fake runs in its own process (so its clock is not held up by the job it serves), answers
 * after `--latency` ms and refuses (429) more than `--rate` requests in any rolling
 * second, like OpenLibrary's nginx limit; the client is configured with the same rate. Two jobs:
 * `--isbn-books` books with ISBNs (bulk lookups), then `--title-books` title-only books (one search
 * each). For each: wall time, upstream calls, the floor the rate limit allows for that many calls
 * ((calls − 1) / rate + latency), the ratio to it, the fake's busiest second and any 429s it sent.
 * Exits non-zero when a job does not complete, an item is not matched, or the rate was exceeded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.js';
import { createSqliteStore } from '../src/db/sqlite-store.js';
import { appJobRegistry } from '../src/jobs/registry.js';
import { createJobSystem } from '../src/jobs/system.js';
import { parseConfig } from '../src/server/config.js';
import { createLogger } from '../src/server/logger.js';
import { buildProviders } from '../src/server/providers.js';
import { syntheticCatalogue } from '../test/fakes/catalogue.js';
import type { FakeCommand, FakeReply } from './fake-process.js';

const { values: args } = parseArgs({
  options: {
    'isbn-books': { type: 'string', default: '1000' },
    'title-books': { type: 'string', default: '200' },
    latency: { type: 'string', default: '100' },
    rate: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});
const LATENCY = Number(args.latency);
const RATE = Number(args.rate);
const ISBN_BOOKS = Number(args['isbn-books']);
const TITLE_BOOKS = Number(args['title-books']);

const catalogue = syntheticCatalogue(ISBN_BOOKS + TITLE_BOOKS);
// The fake stamps arrivals in its own process (see bench/fake-process.ts), same catalogue.
const fakeProcess = fork(new URL('./fake-process.ts', import.meta.url), [String(ISBN_BOOKS + TITLE_BOOKS)], { execArgv: ['--import', 'tsx'] });
const ask = <T extends FakeReply['type']>(command: FakeCommand | undefined, type: T) =>
  new Promise<Extract<FakeReply, { type: T }>>((resolve) => {
    const onMessage = (m: FakeReply) => {
      if (m.type !== type) return;
      fakeProcess.off('message', onMessage);
      resolve(m as Extract<FakeReply, { type: T }>);
    };
    fakeProcess.on('message', onMessage);
    if (command) fakeProcess.send(command);
  });
const fake = await ask(undefined, 'ready');

const dir = mkdtempSync(join(tmpdir(), 'bookstrack-bench-enrich-'));
const logger = createLogger({ level: 'warn' });
const config = parseConfig({
  DATA_DIR: dir,
  ENRICH_PROVIDERS: 'openlibrary',
  OPENLIBRARY_BASE_URL: fake.url,
  OPENLIBRARY_REQUESTS_PER_MINUTE: String(RATE * 60),
});
const db = openDatabase(config.DATABASE_PATH);
const system = createJobSystem({ store: createSqliteStore(db, join(dir, 'blobs')), registry: appJobRegistry, providers: buildProviders(config, logger), logger, options: { pollIntervalMs: 10 } });
system.start();

async function run(name: string, books: { title: string; author?: string; isbn?: string }[]) {
  await ask({ cmd: 'reset', latencyMs: LATENCY, perSecond: RATE }, 'ok');
  const started = performance.now();
  const { jobId } = await system.engine.enqueue('enrichment', { books }, { clientKey: 'bench' });
  for (;;) {
    const snapshot = await system.queries.snapshot(jobId);
    if (snapshot.status === 'completed' || snapshot.status === 'failed' || snapshot.status === 'canceled') {
      const wallS = (performance.now() - started) / 1000;
      const stats = await ask({ cmd: 'stats' }, 'stats');
      const calls = stats.calls;
      const floorS = Math.max(0, calls - 1) / RATE + LATENCY / 1000;
      return {
        name,
        books: books.length,
        status: snapshot.status,
        matched: snapshot.counts.matched ?? 0,
        counts: snapshot.counts,
        wallS: round(wallS),
        upstreamCalls: calls,
        floorS: round(floorS),
        ratioToFloor: round(wallS / floorS),
        busiestSecond: stats.busiestSecond,
        refused429: stats.refused429,
      };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
const isbnBooks = catalogue.slice(0, ISBN_BOOKS).map((b) => ({ title: b.title, author: b.authors[0] ?? '', isbn: b.isbn13 }));
const titleBooks = catalogue.slice(ISBN_BOOKS).map((b) => ({ title: b.title, author: b.authors[0] ?? '' }));
const results = [];
if (isbnBooks.length > 0) results.push(await run('isbn', isbnBooks));
if (titleBooks.length > 0) results.push(await run('title-only', titleBooks));

await system.stop();
db.$client.close();
fakeProcess.send({ cmd: 'close' } satisfies FakeCommand);
rmSync(dir, { recursive: true, force: true });

if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else {
  process.stdout.write(`fake OpenLibrary: ${LATENCY} ms latency, ${RATE} requests/s\n`);
  for (const r of results) {
    process.stdout.write(
      `${r.name.padEnd(10)} ${String(r.books).padStart(5)} books  ${r.status}  matched ${r.matched}  wall ${r.wallS} s  calls ${r.upstreamCalls}  ` +
        `floor ${r.floorS} s  ratio ${r.ratioToFloor}×  busiest second ${r.busiestSecond}  429s ${r.refused429}\n`,
    );
  }
}
const bad = results.some((r) => r.status !== 'completed' || r.matched !== r.books || r.busiestSecond > RATE || r.refused429 > 0);
process.exit(bad ? 1 : 0);
