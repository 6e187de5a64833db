import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TJobEventInput } from '../../src/contract/job-events.js';
import { isoTimestamp } from '../../src/contract/timestamps.js';
import { openDatabase } from '../../src/db/client.js';
import { openPgDatabase } from '../../src/db/pg/client.js';
import { createPgStore } from '../../src/db/pg/pg-store.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import type { JobStore, NewJob, NewJobRow } from '../../src/db/store.js';
import { AppError } from '../../src/errors.js';
import { freshPgDatabase } from '../helpers/postgres.js';
import { testTempDir } from '../helpers/temp-dir.js';

/**
 * The repository contract: every case runs against the SQLite store and the PostgreSQL store with
 * the same expectations, so the two cannot drift apart. PostgreSQL-only cases (concurrency between
 * processes) follow.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openSqlite(): Promise<JobStore> {
  const store = createSqliteStore(openDatabase(':memory:'), testTempDir('store-contract-'));
  cleanups.push(() => store.close());
  return store;
}

async function openPg(url?: string): Promise<JobStore> {
  let target = url;
  if (target === undefined) {
    const fresh = await freshPgDatabase();
    cleanups.push(fresh.drop);
    target = fresh.url;
  }
  const store = createPgStore(await openPgDatabase(target, { poolSize: 4 }));
  cleanups.push(() => store.close());
  return store;
}

/** A fixed clock: 2026-01-02T03:04:05.678Z. */
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const queuedEvent: TJobEventInput = { type: 'status', status: 'queued', attempt: 0 };
const runningEvent: TJobEventInput = { type: 'status', status: 'running', attempt: 1 };
const phaseEvent = (message: string): TJobEventInput => ({ type: 'phase', phase: 'parsing', message });

function newJob(id: string, row: Partial<NewJobRow> = {}, extra: Partial<Omit<NewJob, 'row'>> = {}): NewJob {
  return {
    row: { id, kind: 'csv-import', status: 'queued', input: { blob: 'b', nested: { n: [1, 'two', null] } }, maxAttempts: 3, runAfter: T0, inputHash: 'h1', createdAt: T0, updatedAt: T0, ...row },
    tokenHash: `tok-${id}`,
    blobs: [],
    event: queuedEvent,
    ...extra,
  };
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe.each([
  { name: 'SQLite', open: openSqlite },
  { name: 'PostgreSQL', open: () => openPg() },
])('the $name job store', ({ open }) => {
  let store: JobStore;
  beforeEach(async () => {
    store = await open();
  });

  /** Creates a job and claims it under `lease` (the only queued job of its kind). */
  async function runningJob(id: string, lease: string, now = T0): Promise<void> {
    await store.jobs.create(newJob(id, { kind: `kind-${id}`, runAfter: now, createdAt: now }), now);
    const claimed = await store.jobs.claimNext(`kind-${id}`, lease, now, 30_000);
    expect(claimed?.id).toBe(id);
  }

  describe('jobs.create', () => {
    it('stores the job with its token and first event (seq 1)', async () => {
      const created = await store.jobs.create(newJob('a'), T0);
      expect(created.created).toBe(true);
      if (!created.created) return;
      const first = { type: 'status', status: 'queued', attempt: 0, jobId: 'a', seq: 1, at: '2026-01-02T03:04:05Z' };
      expect(created.events).toEqual([first]);
      expect(created.job).toMatchObject({ id: 'a', kind: 'csv-import', status: 'queued', lastSeq: 1, attempts: 0, phase: null, leaseOwner: null, createdAt: T0, input: { blob: 'b', nested: { n: [1, 'two', null] } } });
      expect(await store.jobs.get('a')).toEqual(created.job);
      expect(await store.events.listAfter('a', 0, 10)).toEqual([first]);
      expect(await store.tokens.hashesFor('a')).toEqual(['tok-a']);
      expect(await store.jobs.get('nope')).toBeUndefined();
    });

    it('returns the job of a used idempotency key: a token more for the same input, none for another', async () => {
      const keys = { clientKey: 'client-1', idempotencyKey: 'key-1' };
      const first = await store.jobs.create(newJob('a', keys), T0);
      expect(first.created).toBe(true);

      const again = await store.jobs.create(newJob('b', keys), T0 + 1);
      expect(again).toMatchObject({ created: false, sameInput: true, job: { id: 'a', lastSeq: 1 } });
      expect(sorted(await store.tokens.hashesFor('a'))).toEqual(['tok-a', 'tok-b']);

      const other = await store.jobs.create(newJob('c', { ...keys, inputHash: 'h2' }), T0 + 2);
      expect(other).toMatchObject({ created: false, sameInput: false, job: { id: 'a' } });
      expect(sorted(await store.tokens.hashesFor('a'))).toEqual(['tok-a', 'tok-b']);
      expect(await store.jobs.get('b')).toBeUndefined();
      expect(await store.jobs.get('c')).toBeUndefined();
      expect(await store.events.listAfter('a', 0, 10)).toHaveLength(1);

      // The key is per client and kind; jobs without a key never collide.
      expect((await store.jobs.create(newJob('d', { ...keys, kind: 'shelf-scan' }), T0)).created).toBe(true);
      expect((await store.jobs.create(newJob('e', { ...keys, clientKey: 'client-2' }), T0)).created).toBe(true);
      expect((await store.jobs.create(newJob('f'), T0)).created).toBe(true);
      expect((await store.jobs.create(newJob('g'), T0)).created).toBe(true);
      expect(sorted((await store.jobs.list({ limit: 10 })).map((j) => j.id))).toEqual(['a', 'd', 'e', 'f', 'g']);
    });

    it('without a key, lets the same input from the same client join its job while it is active and recent', async () => {
      const client = { clientKey: 'client-1' };
      await store.jobs.create(newJob('a', { ...client, createdAt: T0 }), T0);
      const since = { sameAsActiveSince: T0 - 1 };
      const again = await store.jobs.create(newJob('b', client, since), T0 + 1);
      expect(again).toMatchObject({ created: false, sameInput: true, duplicate: true, job: { id: 'a' } });
      expect(sorted(await store.tokens.hashesFor('a'))).toEqual(['tok-a', 'tok-b']);
      expect(await store.jobs.get('b')).toBeUndefined();
      // Not for another client, another input, another kind, a job from before the window, or without the option.
      expect((await store.jobs.create(newJob('c', { clientKey: 'client-2' }, since), T0 + 2)).created).toBe(true);
      expect((await store.jobs.create(newJob('d', { ...client, inputHash: 'h2' }, since), T0 + 2)).created).toBe(true);
      expect((await store.jobs.create(newJob('e', { ...client, kind: 'shelf-scan' }, since), T0 + 2)).created).toBe(true);
      expect((await store.jobs.create(newJob('f', { ...client, createdAt: T0 + 3 }, { sameAsActiveSince: T0 + 1 }), T0 + 3)).created).toBe(true);
      // Now 'f' is the newest active one; once finished, the next start makes a job of its own.
      expect(await store.jobs.create(newJob('g', client, since), T0 + 4)).toMatchObject({ duplicate: true, job: { id: 'f' } });
      for (const id of ['a', 'f']) await store.jobs.change(id, { now: T0 + 5, patch: { status: 'completed', finishedAt: T0 + 5 } });
      expect((await store.jobs.create(newJob('h', client, since), T0 + 6)).created).toBe(true);
      // An explicit key decides on its own.
      expect((await store.jobs.create(newJob('i', { ...client, idempotencyKey: 'k' }, since), T0 + 7)).created).toBe(true);
    });
  });

  describe('jobs.change', () => {
    it('writes under the lease that holds the job, and nothing (no seq either) once it is lost', async () => {
      await runningJob('a', 'lease-1');
      const held = await store.jobs.change('a', { now: T0 + 10, lease: 'lease-1', patch: { phase: 'parsing', updatedAt: T0 + 10 }, events: [phaseEvent('reading')] });
      expect(held.applied).toBe(true);
      if (!held.applied) return;
      expect(held.job).toMatchObject({ id: 'a', phase: 'parsing', lastSeq: 2, updatedAt: T0 + 10, status: 'running' });
      expect(held.events).toEqual([{ type: 'phase', phase: 'parsing', message: 'reading', jobId: 'a', seq: 2, at: isoTimestamp(T0 + 10) }]);
      expect(held.reset).toBe(0);

      const lost = await store.jobs.change('a', {
        now: T0 + 20,
        lease: 'lease-2',
        patch: { phase: 'enriching' },
        items: { create: [{ index: 0, input: { row: 0 } }] },
        step: { key: 'prepare', value: 1 },
        events: [phaseEvent('zombie')],
      });
      expect(lost).toEqual({ applied: false });
      expect(await store.jobs.get('a')).toMatchObject({ phase: 'parsing', lastSeq: 2 });
      expect((await store.items.counts('a')).total).toBe(0);
      expect(await store.steps.get('a', 'prepare')).toBeUndefined();

      const next = await store.jobs.change('a', { now: T0 + 30, lease: 'lease-1', events: [phaseEvent('still mine')] });
      expect(next.applied && next.events.map((e) => e.seq)).toEqual([3]);

      // A lease holds only a running job.
      await store.jobs.change('a', { now: T0 + 40, patch: { status: 'completed' } });
      expect(await store.jobs.change('a', { now: T0 + 50, lease: 'lease-1', events: [phaseEvent('late')] })).toEqual({ applied: false });
      expect(await store.jobs.change('missing', { now: T0 })).toEqual({ applied: false });
      expect(await store.jobs.change('missing', { now: T0, lease: 'lease-1' })).toEqual({ applied: false });
    });

    it('sets JSON, null and number columns with the events of a change, as the row and the log read back', async () => {
      await store.jobs.create(newJob('a'), T0);
      const progress = { phase: 'enriching' as const, done: 3, total: 10, message: 'looking up "Dune" — 30 %' };
      const made = await store.jobs.change('a', {
        now: T0 + 1_234,
        patch: { progress, phase: 'enriching', error: null, updatedAt: T0 + 1_234 },
        events: [{ type: 'progress', ...progress }, phaseEvent('next')],
      });
      expect(made).toMatchObject({ applied: true, reset: 0, job: { progress, phase: 'enriching', error: null, updatedAt: T0 + 1_234, lastSeq: 3 } });
      expect(made.applied && made.events.map((e) => [e.seq, e.type, e.jobId])).toEqual([
        [2, 'progress', 'a'],
        [3, 'phase', 'a'],
      ]);
      expect(await store.jobs.get('a')).toMatchObject({ progress, phase: 'enriching', updatedAt: T0 + 1_234, lastSeq: 3 });
      const logged = await store.events.listAfter('a', 1, 10);
      expect(logged).toEqual(made.applied ? made.events : []);
      expect(logged[0]).toMatchObject({ type: 'progress', message: 'looking up "Dune" — 30 %', jobId: 'a', seq: 2 });
    });

    it('writes only while the job has one of the whileStatus statuses', async () => {
      await store.jobs.create(newJob('a'), T0);
      expect(await store.jobs.change('a', { now: T0, whileStatus: ['running'], patch: { status: 'canceled' }, events: [phaseEvent('x')] })).toEqual({ applied: false });
      expect(await store.jobs.get('a')).toMatchObject({ status: 'queued', lastSeq: 1 });
      const ok = await store.jobs.change('a', { now: T0, whileStatus: ['queued', 'running'], patch: { status: 'canceled', finishedAt: T0 } });
      expect(ok).toMatchObject({ applied: true, events: [], reset: 0, job: { status: 'canceled', finishedAt: T0, lastSeq: 1 } });
    });

    it('creates items (keeping existing ones), rewrites pending ones, records outcomes and resets them', async () => {
      await store.jobs.create(newJob('a'), T0);
      await store.jobs.change('a', {
        now: T0 + 1,
        items: {
          create: [
            { index: 0, title: 'Zero', input: { row: 0 } },
            { index: 1, input: { row: 1 } },
            { index: 2, title: 'Bad', input: { row: 2 }, status: 'invalid', error: { code: 'INVALID_ROW', message: 'no title' } },
          ],
        },
      });
      await store.jobs.change('a', {
        now: T0 + 2,
        items: {
          create: [{ index: 1, title: 'Again', input: { row: 'again' } }],
          putPending: [
            { index: 0, title: 'Zero v2', search: 'zero v2', input: { row: 0, v: 2 } },
            { index: 2, title: 'Not me', input: { row: 'no' } },
            { index: 3, title: 'Three', input: { row: 3 } },
            { index: 3, title: 'Three v2', input: { row: 3, v: 2 } },
          ],
          outcomes: [
            { index: 1, outcome: { status: 'matched', title: 'One', result: { isbn: '1' } } },
            { index: 3, outcome: { status: 'not_found', error: { code: 'NOT_FOUND', message: 'nothing' } } },
          ],
        },
      });
      expect(await store.items.get('a', 0)).toEqual({ jobId: 'a', idx: 0, status: 'pending', title: 'Zero v2', search: 'zero v2', input: { row: 0, v: 2 }, result: null, error: null, updatedAt: T0 + 2 });
      expect(await store.items.get('a', 1)).toEqual({ jobId: 'a', idx: 1, status: 'matched', title: 'One', search: null, input: { row: 1 }, result: { isbn: '1' }, error: null, updatedAt: T0 + 2 });
      expect(await store.items.get('a', 2)).toMatchObject({ status: 'invalid', title: 'Bad', input: { row: 2 }, error: { code: 'INVALID_ROW', message: 'no title' }, updatedAt: T0 + 1 });
      // An outcome without a title keeps the title the item had.
      expect(await store.items.get('a', 3)).toMatchObject({ status: 'not_found', title: 'Three v2', input: { row: 3, v: 2 }, error: { code: 'NOT_FOUND', message: 'nothing' } });
      expect(await store.items.get('a', 4)).toBeUndefined();
      expect(await store.items.counts('a')).toEqual({ total: 4, counts: { pending: 1, matched: 1, invalid: 1, not_found: 1 } });

      const retry = await store.jobs.change('a', { now: T0 + 3, items: { resetToPending: ['not_found', 'provider_unavailable'] } });
      expect(retry).toMatchObject({ applied: true, reset: 1 });
      expect(await store.items.get('a', 3)).toMatchObject({ status: 'pending', title: 'Three v2', result: null, error: null, updatedAt: T0 + 3 });
      expect(await store.items.counts('a')).toEqual({ total: 4, counts: { pending: 2, matched: 1, invalid: 1 } });

      // An index repeated in one change: the first created wins; of outcomes, the later one (with the title an earlier one set).
      await store.jobs.change('a', {
        now: T0 + 4,
        items: {
          create: [{ index: 7, title: 'first', input: { n: 1 } }, { index: 7, title: 'second', input: { n: 2 } }],
          outcomes: [
            { index: 3, outcome: { status: 'matched', title: 'Titled', result: { n: 1 } } },
            { index: 3, outcome: { status: 'needs_review', result: { n: 2 } } },
          ],
        },
      });
      expect(await store.items.get('a', 7)).toMatchObject({ title: 'first', input: { n: 1 } });
      expect(await store.items.get('a', 3)).toMatchObject({ status: 'needs_review', title: 'Titled', result: { n: 2 } });
    });

    it('pages items by index after a cursor, optionally of one status, and counts several jobs at once', async () => {
      await store.jobs.create(newJob('a'), T0);
      await store.jobs.create(newJob('b'), T0);
      const statuses = ['pending', 'matched', 'needs_review'] as const;
      await store.jobs.change('a', { now: T0, items: { create: Array.from({ length: 9 }, (_, i) => ({ index: 8 - i, input: { i: 8 - i }, status: statuses[(8 - i) % 3] })) } });
      const page = (opts: Parameters<JobStore['items']['page']>[1]) => store.items.page('a', opts).then((rows) => rows.map((r) => r.idx));
      expect(await page({ afterIndex: -1, limit: 4 })).toEqual([0, 1, 2, 3]);
      expect(await page({ afterIndex: 3, limit: 4 })).toEqual([4, 5, 6, 7]);
      expect(await page({ afterIndex: 7, limit: 4 })).toEqual([8]);
      expect(await page({ afterIndex: -1, limit: 10, status: 'matched' })).toEqual([1, 4, 7]);
      expect(await page({ afterIndex: 1, limit: 1, status: 'matched' })).toEqual([4]);
      const many = await store.items.countsMany(['a', 'b', 'missing']);
      expect(Object.fromEntries(many)).toEqual({
        a: { total: 9, counts: { pending: 3, matched: 3, needs_review: 3 } },
        b: { total: 0, counts: {} },
        missing: { total: 0, counts: {} },
      });
      expect((await store.items.countsMany([])).size).toBe(0);
    });

    it('narrows pages and counts to items whose search text holds every word, LIKE wildcards taken literally', async () => {
      await store.jobs.create(newJob('a'), T0);
      const searches = ['dune frank herbert', 'dune messiah frank herbert', 'the hobbit j r r tolkien', '100 sure 9780261103344', null];
      await store.jobs.change('a', {
        now: T0,
        items: { create: searches.map((search, index) => ({ index, input: {}, search, status: index === 1 ? 'needs_review' : 'matched' })) },
      });
      const page = (search: string[], afterIndex = -1, limit = 10) => store.items.page('a', { afterIndex, limit, search }).then((rows) => rows.map((r) => r.idx));
      expect(await page(['dune'])).toEqual([0, 1]);
      expect(await page(['herbert', 'mess'])).toEqual([1]);
      expect(await page(['dune'], 0)).toEqual([1]);
      expect(await page(['tolkien', 'dune'])).toEqual([]);
      expect(await page(['0261103'])).toEqual([3]);
      expect(await page(['%'])).toEqual([]);
      expect(await page(['_'])).toEqual([]);
      expect(await page([])).toEqual([0, 1, 2, 3, 4]);
      expect(await store.items.page('a', { afterIndex: -1, limit: 10, status: 'matched', search: ['dune'] }).then((r) => r.map((i) => i.idx))).toEqual([0]);
      expect(await store.items.counts('a', ['dune'])).toEqual({ total: 2, counts: { matched: 1, needs_review: 1 } });
      expect(await store.items.counts('a', [])).toEqual({ total: 5, counts: { matched: 4, needs_review: 1 } });
      // An outcome may set a new search text (an edit in review); one without leaves it.
      await store.jobs.change('a', { now: T0, items: { outcomes: [{ index: 2, outcome: { status: 'matched', result: {} } }] } });
      expect(await page(['hobbit'])).toEqual([2]);
      await store.jobs.change('a', { now: T0, items: { outcomes: [{ index: 2, outcome: { status: 'matched', search: 'there and back again', result: {} } }] } });
      expect(await page(['hobbit'])).toEqual([]);
      expect(await page(['back', 'there'])).toEqual([2]);
    });

    it('copies another job’s items: kept statuses as they are, the others pending, existing ones untouched', async () => {
      await store.jobs.create(newJob('from'), T0);
      await store.jobs.create(newJob('to'), T0);
      await store.jobs.change('from', {
        now: T0,
        items: {
          create: [
            { index: 0, title: 'M', search: 'm r0', input: { r: 0 }, status: 'parsed', result: { n: 0 } },
            { index: 1, title: 'D', input: { r: 1 }, status: 'duplicate', error: { code: 'DUP', message: 'row 0' } },
            { index: 2, title: 'F', input: { r: 2 }, status: 'provider_unavailable', error: { code: 'P', message: 'down' } },
          ],
        },
      });
      await store.jobs.change('to', { now: T0 + 1, items: { create: [{ index: 2, title: 'own', input: { own: true } }] } });
      await store.jobs.change('to', { now: T0 + 5, items: { copyFrom: { jobId: 'from', keep: ['parsed', 'duplicate', 'invalid'] } } });
      expect(await store.items.page('to', { afterIndex: -1, limit: 10 })).toEqual([
        { jobId: 'to', idx: 0, status: 'parsed', title: 'M', search: 'm r0', input: { r: 0 }, result: { n: 0 }, error: null, updatedAt: T0 + 5 },
        { jobId: 'to', idx: 1, status: 'duplicate', title: 'D', search: null, input: { r: 1 }, result: null, error: { code: 'DUP', message: 'row 0' }, updatedAt: T0 + 5 },
        { jobId: 'to', idx: 2, status: 'pending', title: 'own', search: null, input: { own: true }, result: null, error: null, updatedAt: T0 + 1 },
      ]);
      await store.jobs.change('to', { now: T0 + 6, items: { copyFrom: { jobId: 'from', keep: [] } } });
      expect((await store.items.counts('to')).counts).toEqual({ parsed: 1, duplicate: 1, pending: 1 });
    });

    it('writes 10,000 items in one change', async () => {
      await store.jobs.create(newJob('a'), T0);
      const items = Array.from({ length: 10_000 }, (_, i) => ({ index: i, title: `Book ${i}`, input: { row: i, isbn: `978${String(i).padStart(10, '0')}` } }));
      const done = await store.jobs.change('a', { now: T0, items: { create: items }, events: [phaseEvent('parsed')] });
      expect(done.applied).toBe(true);
      expect(await store.items.counts('a')).toEqual({ total: 10_000, counts: { pending: 10_000 } });
      const outcomes = items.map((it) => ({ index: it.index, outcome: { status: 'parsed' as const, result: { row: it.index } } }));
      await store.jobs.change('a', { now: T0 + 1, items: { outcomes } });
      expect(await store.items.counts('a')).toEqual({ total: 10_000, counts: { parsed: 10_000 } });
      expect(await store.items.get('a', 9_999)).toMatchObject({ status: 'parsed', title: 'Book 9999', result: { row: 9_999 } });
    });

    it('rolls the whole change back when an outcome names a missing item', async () => {
      await store.jobs.create(newJob('a'), T0);
      await store.jobs.change('a', { now: T0, items: { create: [{ index: 0, input: {} }] } });
      const change = store.jobs.change('a', {
        now: T0 + 1,
        patch: { phase: 'enriching' },
        items: { create: [{ index: 1, input: {} }], outcomes: [{ index: 0, outcome: { status: 'matched' } }, { index: 99, outcome: { status: 'matched' } }] },
        step: { key: 's', value: 1 },
        events: [phaseEvent('never')],
      });
      await expect(change).rejects.toThrow('job a has no item 99');
      expect(await store.jobs.get('a')).toMatchObject({ phase: null, lastSeq: 1 });
      expect(await store.items.page('a', { afterIndex: -1, limit: 10 })).toMatchObject([{ idx: 0, status: 'pending' }]);
      expect(await store.steps.get('a', 's')).toBeUndefined();
      expect(await store.events.listAfter('a', 0, 10)).toHaveLength(1);
    });

    it('gives an events function the written job and reset count; its throw rolls back and propagates as is', async () => {
      await store.jobs.create(newJob('a'), T0);
      await store.jobs.change('a', { now: T0, items: { create: [{ index: 0, input: {}, status: 'provider_unavailable' }] } });
      const seen: unknown[] = [];
      const refused = new AppError('CONFLICT', 'not now');
      const change = store.jobs.change('a', {
        now: T0 + 1,
        patch: { phase: 'enriching' },
        items: { resetToPending: ['provider_unavailable'] },
        step: { key: 's', value: 1 },
        events: ({ job, reset }) => {
          seen.push({ phase: job.phase, reset });
          throw refused;
        },
      });
      await expect(change).rejects.toBe(refused);
      expect(seen).toEqual([{ phase: 'enriching', reset: 1 }]);
      expect(await store.jobs.get('a')).toMatchObject({ phase: null, lastSeq: 1 });
      expect(await store.items.get('a', 0)).toMatchObject({ status: 'provider_unavailable' });
      expect(await store.steps.get('a', 's')).toBeUndefined();

      const ok = await store.jobs.change('a', { now: T0 + 2, items: { resetToPending: ['provider_unavailable'] }, events: ({ reset }) => [phaseEvent(`retrying ${reset}`)] });
      expect(ok.applied && ok.events).toEqual([{ type: 'phase', phase: 'parsing', message: 'retrying 1', jobId: 'a', seq: 2, at: isoTimestamp(T0 + 2) }]);
    });

    it('keeps the first stored result of a step', async () => {
      await store.jobs.create(newJob('a'), T0);
      await store.jobs.change('a', { now: T0, step: { key: 'prepare', value: { rows: 3, names: ['x'] } } });
      await store.jobs.change('a', { now: T0 + 1, step: { key: 'prepare', value: { rows: 4 } } });
      await store.jobs.change('a', { now: T0, step: { key: 'empty', value: undefined } });
      expect(await store.steps.get('a', 'prepare')).toEqual({ value: { rows: 3, names: ['x'] } });
      expect(await store.steps.get('a', 'empty')).toEqual({ value: null });
      expect(await store.steps.get('a', 'other')).toBeUndefined();
    });

    it('numbers events 1, 2, 3… with no gaps, even for concurrent changes, and pages them', async () => {
      await store.jobs.create(newJob('a'), T0);
      await store.jobs.create(newJob('b'), T0);
      const first = await store.jobs.change('a', { now: T0 + 1_000, events: [phaseEvent('1'), phaseEvent('2'), phaseEvent('3')] });
      expect(first.applied && first.job.lastSeq).toBe(4);
      await Promise.all(Array.from({ length: 8 }, (_, i) => store.jobs.change('a', { now: T0 + 2_000, events: [phaseEvent(`p${i}`)] })));
      const all = await store.events.listAfter('a', 0, 100);
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(all.slice(1, 4).map((e) => [e.type === 'phase' && e.message, e.at])).toEqual([
        ['1', isoTimestamp(T0 + 1_000)],
        ['2', isoTimestamp(T0 + 1_000)],
        ['3', isoTimestamp(T0 + 1_000)],
      ]);
      expect(sorted(all.slice(4).map((e) => (e.type === 'phase' ? e.message : '')))).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
      expect((await store.events.listAfter('a', 2, 3)).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect(await store.events.listAfter('a', 12, 10)).toEqual([]);
      expect(Object.fromEntries(await store.jobs.lastSeqs(['a', 'b', 'missing']))).toEqual({ a: 12, b: 1 });
      expect((await store.jobs.lastSeqs([])).size).toBe(0);
    });
  });

  describe('jobs.decide', () => {
    async function jobInReview(): Promise<void> {
      await store.jobs.create(newJob('a'), T0);
      const summary = { itemCount: 2, counts: { matched: 1, needs_review: 1 }, durationMs: 5, details: { rows: 2 } };
      await store.jobs.change('a', {
        now: T0,
        patch: { status: 'completed', summary },
        items: { create: [{ index: 0, input: {}, status: 'matched' }, { index: 1, title: 'Maybe', input: { q: 'x' }, status: 'needs_review', result: { candidates: [1, 2] } }] },
      });
    }

    it('records the decision, the summary counts and the event together', async () => {
      await jobInReview();
      const decided = await store.jobs.decide('a', 1, T0 + 9_000, (job, item) => {
        expect(job).toMatchObject({ id: 'a', status: 'completed' });
        expect(item).toMatchObject({ idx: 1, status: 'needs_review', result: { candidates: [1, 2] } });
        return { outcome: { status: 'matched', title: 'Chosen', result: { isbn: '2' } }, event: { type: 'review', index: 1, action: 'choose', status: 'matched', title: 'Chosen' } };
      });
      expect(decided.item).toEqual({ jobId: 'a', idx: 1, status: 'matched', title: 'Chosen', search: null, input: { q: 'x' }, result: { isbn: '2' }, error: null, updatedAt: T0 + 9_000 });
      expect(decided.totals).toEqual({ total: 2, counts: { matched: 2 } });
      expect(decided.event).toEqual({ type: 'review', index: 1, action: 'choose', status: 'matched', title: 'Chosen', jobId: 'a', seq: 2, at: isoTimestamp(T0 + 9_000) });
      expect(await store.jobs.get('a')).toMatchObject({ lastSeq: 2, updatedAt: T0 + 9_000, summary: { itemCount: 2, counts: { matched: 2 }, durationMs: 5, details: { rows: 2 } } });
      expect(await store.events.listAfter('a', 1, 10)).toEqual([decided.event]);
    });

    it('propagates what decide throws, unchanged, and writes nothing', async () => {
      await jobInReview();
      const refused = new AppError('CONFLICT', 'item 1 was decided already');
      await expect(store.jobs.decide('a', 1, T0 + 1, () => { throw refused; })).rejects.toBe(refused);
      // A missing item reaches decide as undefined; a decision on it anyway is an error.
      const seen: unknown[] = [];
      const missing = new AppError('NOT_FOUND', 'no item 7');
      await expect(store.jobs.decide('a', 7, T0 + 1, (_job, item) => { seen.push(item); throw missing; })).rejects.toBe(missing);
      expect(seen).toEqual([undefined]);
      const accept = () => ({ outcome: { status: 'matched' as const }, event: { type: 'review' as const, index: 7, action: 'accept' as const, status: 'matched' as const } });
      await expect(store.jobs.decide('a', 7, T0 + 1, accept)).rejects.toThrow('job a has no item 7');
      await expect(store.jobs.decide('missing', 0, T0 + 1, accept)).rejects.toThrow('job missing vanished while an item was decided');
      expect(await store.items.get('a', 1)).toMatchObject({ status: 'needs_review', updatedAt: T0 });
      expect(await store.jobs.get('a')).toMatchObject({ lastSeq: 1, updatedAt: T0, summary: { counts: { matched: 1, needs_review: 1 } } });
    });
  });

  describe('claiming and leases', () => {
    it('claims the runnable queued job with the earliest run_after, then the oldest, under a lease', async () => {
      await store.jobs.create(newJob('late', { runAfter: T0 + 10, createdAt: T0 - 100 }), T0);
      await store.jobs.create(newJob('second', { createdAt: T0 + 5 }), T0);
      await store.jobs.create(newJob('first', { createdAt: T0 + 1 }), T0);
      await store.jobs.create(newJob('future', { runAfter: T0 + 60_000 }), T0);
      await store.jobs.create(newJob('other-kind', { kind: 'shelf-scan', createdAt: T0 - 1_000 }), T0);
      await store.jobs.create(newJob('running', { status: 'running', createdAt: T0 - 1_000 }), T0);
      const now = T0 + 100;
      const claimed = await store.jobs.claimNext('csv-import', 'w1:1', now, 30_000);
      expect(claimed).toMatchObject({ id: 'first', status: 'running', leaseOwner: 'w1:1', leaseExpiresAt: now + 30_000, attempts: 1, startedAt: now, updatedAt: now });
      expect(await store.jobs.get('first')).toEqual(claimed);
      expect((await store.jobs.claimNext('csv-import', 'w1:2', now, 30_000))?.id).toBe('second');
      expect((await store.jobs.claimNext('csv-import', 'w1:3', now, 30_000))?.id).toBe('late');
      expect(await store.jobs.claimNext('csv-import', 'w1:4', now, 30_000)).toBeUndefined();
      expect((await store.jobs.claimNext('shelf-scan', 'w1:5', now, 30_000))?.id).toBe('other-kind');

      // A retried job keeps the time its first attempt started.
      await store.jobs.change('first', { now: now + 1, patch: { status: 'queued', leaseOwner: null, leaseExpiresAt: null } });
      expect(await store.jobs.claimNext('csv-import', 'w2:1', now + 50, 1_000)).toMatchObject({ id: 'first', attempts: 2, startedAt: now, leaseOwner: 'w2:1', leaseExpiresAt: now + 1_050 });
    });

    it('renews a lease only for the claim that holds a running job', async () => {
      await runningJob('a', 'lease-1');
      expect(await store.jobs.renewLease('a', 'lease-1', T0 + 99_000)).toBe(true);
      expect(await store.jobs.get('a')).toMatchObject({ leaseExpiresAt: T0 + 99_000 });
      expect(await store.jobs.renewLease('a', 'lease-2', T0 + 120_000)).toBe(false);
      expect(await store.jobs.renewLease('missing', 'lease-1', T0 + 120_000)).toBe(false);
      await store.jobs.change('a', { now: T0, patch: { status: 'failed' } });
      expect(await store.jobs.renewLease('a', 'lease-1', T0 + 120_000)).toBe(false);
      expect(await store.jobs.get('a')).toMatchObject({ leaseExpiresAt: T0 + 99_000 });
    });

    it('lists running jobs whose lease ran out or was never set', async () => {
      await runningJob('expired', 'l1', T0 - 60_000);
      await runningJob('live', 'l2', T0);
      await store.jobs.create(newJob('no-lease', { status: 'running' }), T0);
      await store.jobs.create(newJob('queued'), T0);
      await runningJob('done', 'l3', T0 - 60_000);
      await store.jobs.change('done', { now: T0, patch: { status: 'completed' } });
      expect(sorted((await store.jobs.expiredLeases(T0)).map((j) => j.id))).toEqual(['expired', 'no-lease']);
      // A lease is still held at its very last millisecond.
      expect((await store.jobs.expiredLeases(T0 + 30_000)).map((j) => j.id)).not.toContain('live');
      expect((await store.jobs.expiredLeases(T0 + 30_001)).map((j) => j.id)).toContain('live');
    });

    it('tells how the queue stands: runnable queued jobs, the oldest one, and runs whose lease holds', async () => {
      expect(await store.jobs.queueState(T0)).toEqual({ runnable: 0, oldestRunAfter: null, liveRuns: 0 });
      await store.jobs.create(newJob('q1', { runAfter: T0 - 5_000 }), T0);
      await store.jobs.create(newJob('q2', { runAfter: T0 - 1_000 }), T0);
      await store.jobs.create(newJob('later', { runAfter: T0 + 60_000 }), T0);
      await runningJob('expired', 'l1', T0 - 60_000);
      expect(await store.jobs.queueState(T0)).toEqual({ runnable: 2, oldestRunAfter: T0 - 5_000, liveRuns: 0 });
      await runningJob('live', 'l2', T0);
      expect(await store.jobs.queueState(T0)).toEqual({ runnable: 2, oldestRunAfter: T0 - 5_000, liveRuns: 1 });
    });

    it('counts unfinished jobs by kind and status, leaving finished ones out', async () => {
      expect(await store.jobs.unfinishedByKind()).toEqual([]);
      await store.jobs.create(newJob('q1'), T0);
      await store.jobs.create(newJob('q2', { runAfter: T0 + 60_000 }), T0);
      await store.jobs.create(newJob('scan', { kind: 'shelf-scan' }), T0);
      await runningJob('r1', 'l1', T0);
      await runningJob('done', 'l2', T0);
      await store.jobs.change('done', { now: T0, patch: { status: 'completed' } });
      await store.jobs.create(newJob('failed', { status: 'failed' }), T0);
      const key = (c: { kind: string; status: string }) => `${c.kind}/${c.status}`;
      expect((await store.jobs.unfinishedByKind()).sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
        { kind: 'csv-import', status: 'queued', count: 2 },
        { kind: 'kind-r1', status: 'running', count: 1 },
        { kind: 'shelf-scan', status: 'queued', count: 1 },
      ]);
    });

    it('tells whether the latest run stored a step or decided an item after it started', async () => {
      await store.jobs.create(newJob('never-ran'), T0);
      expect(await store.jobs.progressedInLastRun('never-ran')).toBe(false);
      expect(await store.jobs.progressedInLastRun('missing')).toBe(false);

      await store.jobs.create(newJob('stepped'), T0);
      await store.jobs.change('stepped', { now: T0, step: { key: 'before', value: 1 } });
      await store.jobs.change('stepped', { now: T0 + 1_000, events: [runningEvent] });
      expect(await store.jobs.progressedInLastRun('stepped')).toBe(false);
      await store.jobs.change('stepped', { now: T0 + 1_000, step: { key: 'after', value: 2 } });
      expect(await store.jobs.progressedInLastRun('stepped')).toBe(true);
      // A later run starts over: its own work counts, not the first run's.
      await store.jobs.change('stepped', { now: T0 + 2_000, events: [{ type: 'status', status: 'queued', attempt: 1 }, { ...runningEvent, attempt: 2 }] });
      expect(await store.jobs.progressedInLastRun('stepped')).toBe(false);

      await store.jobs.create(newJob('decided'), T0);
      await store.jobs.change('decided', { now: T0, items: { create: [{ index: 0, input: {} }, { index: 1, input: {} }] } });
      await store.jobs.change('decided', { now: T0 + 1_000, events: [runningEvent] });
      await store.jobs.change('decided', { now: T0 + 1_500, items: { putPending: [{ index: 0, input: { more: true } }] } });
      expect(await store.jobs.progressedInLastRun('decided')).toBe(false);
      await store.jobs.change('decided', { now: T0 + 1_500, items: { outcomes: [{ index: 1, outcome: { status: 'matched' } }] } });
      expect(await store.jobs.progressedInLastRun('decided')).toBe(true);
    });

    it('flags a cancellation once and finds the flagged among many', async () => {
      await runningJob('a', 'l1');
      await runningJob('b', 'l2');
      await store.jobs.requestCancel('a', T0 + 5);
      await store.jobs.requestCancel('a', T0 + 9);
      await store.jobs.requestCancel('missing', T0 + 9);
      expect(await store.jobs.get('a')).toMatchObject({ cancelRequestedAt: T0 + 5, updatedAt: T0 + 5, status: 'running' });
      expect(await store.jobs.get('b')).toMatchObject({ cancelRequestedAt: null });
      expect(await store.jobs.cancelRequestedAmong(['a', 'b', 'missing'])).toEqual(['a']);
      expect(await store.jobs.cancelRequestedAmong([])).toEqual([]);
    });
  });

  describe('listing and purging', () => {
    it('lists newest first (ties by id, byte order), filtered, resuming before a cursor', async () => {
      const jobs: [string, number, Partial<NewJobRow>][] = [
        ['old', T0, {}],
        ['job-B', T0 + 10, { kind: 'shelf-scan' }],
        ['job-a', T0 + 10, { status: 'completed' }],
        ['job1', T0 + 10, {}],
        ['new', T0 + 20, { status: 'failed', kind: 'shelf-scan' }],
      ];
      for (const [id, createdAt, row] of jobs) await store.jobs.create(newJob(id, { createdAt, ...row }), T0);
      const ids = async (filter: Parameters<JobStore['jobs']['list']>[0]) => (await store.jobs.list(filter)).map((j) => j.id);
      expect(await ids({ limit: 10 })).toEqual(['new', 'job1', 'job-a', 'job-B', 'old']);
      expect(await ids({ limit: 10, status: 'queued' })).toEqual(['job1', 'job-B', 'old']);
      expect(await ids({ limit: 10, kind: 'shelf-scan' })).toEqual(['new', 'job-B']);
      expect(await ids({ limit: 10, kind: 'shelf-scan', status: 'queued' })).toEqual(['job-B']);
      expect(await ids({ limit: 2 })).toEqual(['new', 'job1']);
      expect(await ids({ limit: 2, before: { createdAt: T0 + 10, id: 'job1' } })).toEqual(['job-a', 'job-B']);
      expect(await ids({ limit: 2, before: { createdAt: T0 + 10, id: 'job-B' } })).toEqual(['old']);
      expect(await ids({ limit: 10, status: 'queued', before: { createdAt: T0 + 10, id: 'job-a' } })).toEqual(['job-B', 'old']);
    });

    it('finds finished jobs past their TTL and deletes them with everything that hangs off them', async () => {
      const sha = await store.blobs.put(Buffer.from('a,b\n1,2\n'), 'text/csv', T0);
      await store.jobs.create(newJob('expired', { expiresAt: T0 - 1 }, { blobs: [{ sha256: sha, role: 'csv' }] }), T0);
      await store.jobs.create(newJob('fresh', { expiresAt: T0 + 1 }, { blobs: [{ sha256: sha, role: 'csv' }] }), T0);
      await store.jobs.create(newJob('forever'), T0);
      await store.jobs.change('expired', { now: T0, items: { create: [{ index: 0, input: {} }] }, step: { key: 's', value: 1 }, events: [phaseEvent('x')] });
      await store.jobs.change('fresh', { now: T0, items: { create: [{ index: 0, input: {} }] } });
      expect(await store.jobs.expiredIds(T0, 10)).toEqual(['expired']);
      expect(sorted(await store.jobs.expiredIds(T0 + 2, 10))).toEqual(['expired', 'fresh']);
      expect(await store.jobs.expiredIds(T0 + 2, 1)).toHaveLength(1);

      expect(await store.jobs.deleteMany(['expired', 'missing'])).toBe(1);
      expect(await store.jobs.deleteMany([])).toBe(0);
      expect(await store.jobs.get('expired')).toBeUndefined();
      expect(await store.items.counts('expired')).toEqual({ total: 0, counts: {} });
      expect(await store.events.listAfter('expired', 0, 10)).toEqual([]);
      expect(await store.steps.get('expired', 's')).toBeUndefined();
      expect(await store.tokens.hashesFor('expired')).toEqual([]);
      expect(await store.blobs.forJob('expired', 'csv')).toEqual([]);
      expect(await store.items.counts('fresh')).toEqual({ total: 1, counts: { pending: 1 } });
      expect(await store.blobs.forJob('fresh', 'csv')).toEqual([sha]);
      // Still linked to `fresh`: kept; once that goes too, purged.
      expect(await store.blobs.purgeOrphans(T0 + 3_600_000)).toBe(0);
      await store.jobs.deleteMany(['fresh']);
      expect(await store.blobs.purgeOrphans(T0 + 3_600_000)).toBe(1);
    });
  });

  describe('the provider cache', () => {
    it('reads fresh entries only, upserts, purges the expired and deletes', async () => {
      await store.cache.putMany(
        [
          { key: 'isbn:1', provider: 'openlibrary', value: { title: 'One', authors: ['A'] }, ttlMs: 1_000 },
          { key: 'isbn:2', provider: 'openlibrary', value: null, ttlMs: 1_000 },
          { key: 'isbn:3', provider: 'google', value: 'short-lived', ttlMs: 10 },
          { key: 'isbn:4', provider: 'google', value: 'first', ttlMs: 1_000 },
          { key: 'isbn:4', provider: 'isbndb', value: 'second', ttlMs: 1_000 },
        ],
        T0,
      );
      await store.cache.putMany([], T0);
      expect(await store.cache.get('isbn:1', T0)).toEqual({ value: { title: 'One', authors: ['A'] } });
      expect(await store.cache.get('isbn:2', T0)).toEqual({ value: null });
      expect(await store.cache.get('isbn:3', T0 + 9)).toEqual({ value: 'short-lived' });
      expect(await store.cache.get('isbn:3', T0 + 10)).toBeUndefined();
      expect(await store.cache.get('isbn:4', T0)).toEqual({ value: 'second' });
      expect(await store.cache.get('none', T0)).toBeUndefined();
      expect(Object.fromEntries(await store.cache.getMany(['isbn:1', 'isbn:2', 'isbn:3', 'none'], T0 + 10))).toEqual({ 'isbn:1': { value: { title: 'One', authors: ['A'] } }, 'isbn:2': { value: null } });

      await store.cache.putMany([{ key: 'isbn:1', provider: 'google', value: { title: 'One, again' }, ttlMs: 5 }], T0 + 100);
      expect(await store.cache.get('isbn:1', T0 + 104)).toEqual({ value: { title: 'One, again' } });
      expect(await store.cache.get('isbn:1', T0 + 105)).toBeUndefined();

      expect(await store.cache.purgeExpired(T0 + 10)).toBe(1);
      expect(await store.cache.purgeExpired(T0 + 10)).toBe(0);
      await store.cache.delete('isbn:2');
      expect(await store.cache.get('isbn:2', T0)).toBeUndefined();
      expect(await store.cache.purgeExpired(T0 + 1_000)).toBe(2);
    });

    it('reads and writes more keys than one statement takes', async () => {
      const entries = Array.from({ length: 1_234 }, (_, i) => ({ key: `k:${i}`, provider: 'p', value: { i }, ttlMs: 60_000 }));
      await store.cache.putMany(entries, T0);
      const got = await store.cache.getMany(['missing', ...entries.map((e) => e.key)], T0);
      expect(got.size).toBe(1_234);
      expect(got.get('k:1233')).toEqual({ value: { i: 1_233 } });
    });
  });

  describe('reuse and blobs', () => {
    it('finds earlier prepared jobs over the same upload, newest first', async () => {
      const csv = await store.blobs.put(Buffer.from('title\nDune\n'), 'text/csv', T0);
      const otherCsv = await store.blobs.put(Buffer.from('title\nEmma\n'), 'text/csv', T0);
      const make = async (id: string, createdAt: number, opts: { sha?: string; role?: string; kind?: string; step?: unknown } = {}) => {
        await store.jobs.create(newJob(id, { createdAt, kind: opts.kind ?? 'csv-import', input: { blob: opts.sha ?? csv, id } }, { blobs: [{ sha256: opts.sha ?? csv, role: opts.role ?? 'csv' }] }), T0);
        if (opts.step !== undefined) await store.jobs.change(id, { now: T0, step: { key: 'prepare', value: opts.step } });
      };
      await make('older', T0, { step: { rows: 1 } });
      await make('newer', T0 + 1, { step: { rows: 2 } });
      await make('unprepared', T0 + 2);
      await make('other-blob', T0 + 3, { sha: otherCsv, step: { rows: 3 } });
      await make('other-role', T0 + 4, { role: 'photo', step: { rows: 4 } });
      await make('other-kind', T0 + 5, { kind: 'shelf-scan', step: { rows: 5 } });
      await make('me', T0 + 6, { step: { rows: 6 } });
      const opts = { kind: 'csv-import', sha256: csv, role: 'csv', stepKey: 'prepare', exceptJobId: 'me', limit: 10 };
      expect(await store.reuse.preparedJobs(opts)).toEqual([
        { jobId: 'newer', input: { blob: csv, id: 'newer' }, step: { rows: 2 } },
        { jobId: 'older', input: { blob: csv, id: 'older' }, step: { rows: 1 } },
      ]);
      expect((await store.reuse.preparedJobs({ ...opts, limit: 1 })).map((p) => p.jobId)).toEqual(['newer']);
      expect((await store.reuse.preparedJobs({ ...opts, exceptJobId: 'newer' })).map((p) => p.jobId)).toEqual(['me', 'older']);
      expect(await store.reuse.preparedJobs({ ...opts, stepKey: 'other' })).toEqual([]);
    });

    it('stores bytes once per content, reads them back, and lists a job’s blobs of a role', async () => {
      const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]);
      const sha = await store.blobs.put(bytes, 'application/octet-stream', T0);
      expect(sha).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(await store.blobs.put(Buffer.from(bytes), 'application/octet-stream', T0)).toBe(sha);
      const read = await store.blobs.read(sha);
      expect(Buffer.isBuffer(read)).toBe(true);
      expect(read.equals(bytes)).toBe(true);

      // A view into a larger buffer stores only its own bytes.
      const backing = new Uint8Array([9, 9, 9, 7, 8, 9, 9]);
      const view = backing.subarray(3, 5);
      const viewSha = await store.blobs.put(view, 'image/jpeg', T0);
      expect([...(await store.blobs.read(viewSha))]).toEqual([7, 8]);

      const third = await store.blobs.put(Buffer.from('third'), 'image/jpeg', T0);
      await store.jobs.create(newJob('scan', { kind: 'shelf-scan' }, { blobs: [{ sha256: third, role: 'photo' }, { sha256: viewSha, role: 'photo' }, { sha256: sha, role: 'other' }] }), T0);
      expect(await store.blobs.forJob('scan', 'photo')).toEqual(sorted([third, viewSha]));
      expect(await store.blobs.forJob('scan', 'other')).toEqual([sha]);
      expect(await store.blobs.forJob('scan', 'csv')).toEqual([]);
      await expect(store.blobs.read('0'.repeat(64))).rejects.toThrow();
    });

    it('purges blobs no job links to, after a grace period that a new upload of the same bytes restarts', async () => {
      const orphan = await store.blobs.put(Buffer.from('orphan'), 'text/plain', T0);
      const touched = await store.blobs.put(Buffer.from('touched'), 'text/plain', T0);
      const linked = await store.blobs.put(Buffer.from('linked'), 'text/plain', T0);
      await store.jobs.create(newJob('a', {}, { blobs: [{ sha256: linked, role: 'csv' }] }), T0);
      const grace = 10 * 60_000;
      expect(await store.blobs.purgeOrphans(T0 + grace)).toBe(0);
      await store.blobs.put(Buffer.from('touched'), 'text/plain', T0 + 1_000);
      expect(await store.blobs.purgeOrphans(T0 + grace + 1)).toBe(1);
      await expect(store.blobs.read(orphan)).rejects.toThrow();
      expect((await store.blobs.read(touched)).toString()).toBe('touched');
      expect((await store.blobs.read(linked)).toString()).toBe('linked');
      expect(await store.blobs.purgeOrphans(T0 + grace + 1_001)).toBe(1);
      await expect(store.blobs.read(touched)).rejects.toThrow();
      // Stored again after the purge: a new row and new bytes.
      expect(await store.blobs.put(Buffer.from('orphan'), 'text/plain', T0 + grace + 2)).toBe(orphan);
      expect((await store.blobs.read(orphan)).toString()).toBe('orphan');
    });
  });

  it('answers the readiness probe, and fails it with a reason once closed', async () => {
    expect(await store.check()).toEqual({ ok: true });
    await store.close();
    const closed = await store.check();
    expect(closed.ok).toBe(false);
    expect(!closed.ok && closed.reason.length).toBeGreaterThan(0);
  });
});

describe('the PostgreSQL job store, shared by several processes', () => {
  it('gives each of 20 queued jobs to exactly one of two stores claiming at once', async () => {
    const fresh = await freshPgDatabase();
    cleanups.push(fresh.drop);
    const [a, b] = await Promise.all([openPg(fresh.url), openPg(fresh.url)]);
    for (let i = 0; i < 20; i++) await a.jobs.create(newJob(`job-${String(i).padStart(2, '0')}`, { createdAt: T0 + i }), T0);
    await a.jobs.create(newJob('not-yet', { runAfter: T0 + 60_000 }), T0);
    // Four claim loops per store: as many as each pool has connections.
    const loops = [a, b].flatMap((store, s) =>
      Array.from({ length: 4 }, async (_, l) => {
        const mine: { id: string; lease: string | null; attempts: number }[] = [];
        for (let n = 0; ; n++) {
          const row = await store.jobs.claimNext('csv-import', `p${s}:${l}:${n}`, T0 + 1, 30_000);
          if (!row) return mine;
          mine.push({ id: row.id, lease: row.leaseOwner, attempts: row.attempts });
        }
      }),
    );
    const claims = (await Promise.all(loops)).flat();
    expect(sorted(claims.map((c) => c.id))).toEqual(Array.from({ length: 20 }, (_, i) => `job-${String(i).padStart(2, '0')}`));
    expect(claims.every((c) => c.attempts === 1)).toBe(true);
    expect(new Set(claims.map((c) => c.lease)).size).toBe(20);
    for (const c of claims) expect(await b.jobs.get(c.id)).toMatchObject({ status: 'running', leaseOwner: c.lease, attempts: 1 });
    expect(await a.jobs.get('not-yet')).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('makes one job of concurrent starts with one idempotency key', async () => {
    const fresh = await freshPgDatabase();
    cleanups.push(fresh.drop);
    const [a, b] = await Promise.all([openPg(fresh.url), openPg(fresh.url)]);
    const keys = { clientKey: 'client-1', idempotencyKey: 'key-1' };
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).jobs.create(newJob(`job-${i}`, keys), T0)));
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    const id = created[0]!.job.id;
    expect(results.every((r) => r.job.id === id && (r.created || r.sameInput))).toBe(true);
    expect(sorted(await a.tokens.hashesFor(id))).toEqual(Array.from({ length: 6 }, (_, i) => `tok-job-${i}`));
    expect((await a.jobs.list({ limit: 10 })).map((j) => j.id)).toEqual([id]);
    expect((await a.events.listAfter(id, 0, 10)).map((e) => e.seq)).toEqual([1]);
  });
});
