import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobItemsRepo } from '../../src/db/repos/job-items.repo.js';
import { syntheticCatalogue } from '../fakes/catalogue.js';
import { goodreadsCsv } from '../fakes/goodreads-csv.js';
import { startEnrichmentHarness, type EnrichmentHarness } from '../helpers/enrichment-harness.js';
import { terminalOf } from '../helpers/events.js';

let h: EnrichmentHarness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
  h = undefined;
});

/** Counts, per item, the inserts and updates SQLite makes to `job_items` (triggers see every write). */
function countItemWrites(harness: EnrichmentHarness) {
  const db = harness.system.db.$client;
  db.exec(`
    CREATE TEMP TABLE item_writes (job_id TEXT, idx INTEGER, kind TEXT);
    CREATE TEMP TRIGGER count_item_inserts AFTER INSERT ON job_items BEGIN INSERT INTO item_writes VALUES (NEW.job_id, NEW.idx, 'insert'); END;
    CREATE TEMP TRIGGER count_item_updates AFTER UPDATE ON job_items BEGIN INSERT INTO item_writes VALUES (NEW.job_id, NEW.idx, 'update'); END;
  `);
  return (jobId: string) =>
    db.prepare('SELECT kind, count(*) AS n, count(DISTINCT idx) AS items, max(c) AS most FROM (SELECT kind, idx, count(*) AS c FROM item_writes WHERE job_id = ? GROUP BY kind, idx) GROUP BY kind').all(jobId) as {
      kind: string;
      n: number;
      items: number;
      most: number;
    }[];
}

async function importCsv(harness: EnrichmentHarness, csv: string) {
  const started = await harness.caller.imports.startCsv({ csvBase64: Buffer.from(csv).toString('base64'), filename: 'library.csv' });
  const events = await harness.events(started.jobId, started.token, 60_000);
  return { jobId: started.jobId, terminal: terminalOf(events) };
}

describe('a CSV import writes each row once and shares the thread', () => {
  it('inserts every row once and records its outcome in place, without reading the pending items back', async () => {
    const books = syntheticCatalogue(600);
    h = await startEnrichmentHarness({ catalogue: books });
    const writes = countItemWrites(h);
    const pendingReads = vi.spyOn(JobItemsRepo.prototype, 'page');
    const run = await importCsv(h, goodreadsCsv(books));
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { counts: { matched: 600 } } });
    // One insert per row (pending), then one update with its outcome: never inserted twice or rewritten again.
    expect(writes(run.jobId)).toEqual([
      { kind: 'insert', n: 600, items: 600, most: 1 },
      { kind: 'update', n: 600, items: 600, most: 1 },
    ]);
    expect(pendingReads.mock.calls.filter(([, opts]) => opts.status === 'pending')).toEqual([]);
  });

  it('keeps the event loop responsive while a large import whose lookups are all cached runs', { timeout: 120_000 }, async () => {
    const books = syntheticCatalogue(4_000);
    h = await startEnrichmentHarness({ catalogue: books });
    // The first import fills the provider cache; the second (other bytes, same books) is all cached:
    // before it yielded, its prepare and its cached lookups each blocked the thread for most of a second.
    expect((await importCsv(h, goodreadsCsv(books))).terminal?.type).toBe('completed');
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const second = await importCsv(h, goodreadsCsv(books, { eol: '\r\n' }));
    delay.disable();
    expect(second.terminal).toMatchObject({ type: 'completed', summary: { counts: { matched: 4_000 } } });
    expect(h.fakes.all().reduce((n, f) => n + f.calls.length, 0)).toBeGreaterThan(0);
    // A generous bound (shared CI machines): each slice is ~8 ms plus one write of what it settled.
    expect(delay.max / 1e6).toBeLessThan(250);
  });
});
