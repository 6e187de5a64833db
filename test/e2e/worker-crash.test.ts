import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBooksTrackClient, type TJobEvent } from '../../src/client/index.js';
import { syntheticCatalogue } from '../fakes/catalogue.js';
import { goodreadsCsv } from '../fakes/goodreads-csv.js';
import { startFakeUpstreams, type FakeUpstreams } from '../fakes/index.js';
import { exited, killChildren, startChild, within } from '../helpers/child-process.js';

const children: ChildProcess[] = [];
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await killChildren(children);
  for (const step of cleanup.splice(0).reverse()) await step();
});

const searches = (fakes: FakeUpstreams) => fakes.openlibrary.calls.filter((c) => c.path === '/search.json').length;

describe('job workers after a crash', () => {
  it('resumes an import killed mid-lookup on a worker thread: every row once, finished lookups not asked again', { timeout: 90_000 }, async () => {
    // 120 books without ISBNs: one search each, 20 a second, so the kill lands mid-way.
    const books = syntheticCatalogue(120, 12).map((b) => ({ ...b, isbn13: undefined }));
    const fakes = await startFakeUpstreams({ catalogue: books });
    cleanup.push(() => fakes.close());
    fakes.openlibrary.faults.latencyMs = 20;
    const dataDir = mkdtempSync(join(tmpdir(), 'bookstrack-worker-crash-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { ...fakes.env, DATA_DIR: dataDir, JOB_WORKERS: '1', ENRICH_PROVIDERS: 'openlibrary', OPENLIBRARY_REQUESTS_PER_MINUTE: '1200', JOB_LEASE_MS: '1000' };
    const script = 'test/helpers/child-production-server.ts';

    const first = await startChild(env, children, script);
    const client = createBooksTrackClient({ url: first.url });
    const { jobId, token } = await client.trpc.imports.startCsv.mutate({ csv: goodreadsCsv(books) });
    await within(
      (async () => {
        for (;;) {
          const snapshot = await client.trpc.jobs.get.query({ jobId }, { context: { token } });
          if ((snapshot.counts.matched ?? 0) >= 30) return;
          await new Promise((r) => setTimeout(r, 50));
        }
      })(),
      30_000,
      () => 'the import never got 30 rows in',
    );
    first.child.kill('SIGKILL');
    await exited(first.child);
    await client.close();
    const searchedBeforeKill = searches(fakes);
    expect(searchedBeforeKill).toBeLessThan(120);

    const second = await startChild(env, children, script);
    const again = createBooksTrackClient({ url: second.url });
    cleanup.push(() => again.close());
    const events: TJobEvent[] = [];
    await within(
      (async () => {
        for await (const event of again.watchJob(jobId, token)) events.push(event);
      })(),
      60_000,
      () => `no terminal event; last: ${JSON.stringify(events.at(-1))}`,
    );
    expect(events.at(-1)).toMatchObject({ type: 'completed', summary: { itemCount: 120, counts: { matched: 120 } } });
    // Rows finished before the kill were not looked up again: at most the calls in flight at the kill are repeated.
    expect(searches(fakes)).toBeLessThanOrEqual(120 + 4);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});
