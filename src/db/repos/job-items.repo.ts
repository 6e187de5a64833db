import { and, asc, count, eq, gt, inArray } from 'drizzle-orm';
import type { TItemCounts, TItemStatus } from '../../contract/job-status.js';
import { prepared, type Db } from '../client.js';
import { containsWords, type ItemPageQuery } from '../item-query.js';
import { jobItems } from '../schema/job-items.js';

export type JobItemRow = typeof jobItems.$inferSelect;

export interface NewJobItem {
  index: number;
  title?: string | null;
  input: Record<string, unknown>;
  /** Folded text the item is found by (see `itemSearchText` in the jobs layer). */
  search?: string | null;
  status?: TItemStatus;
  /** For items created already final (an invalid row, a duplicate). */
  result?: Record<string, unknown> | null;
  error?: { code: string; message: string } | null;
}

export interface ItemOutcome {
  status: TItemStatus;
  title?: string | null;
  /** New search text, when the outcome changes what the item is found by (an edited title). */
  search?: string;
  result?: Record<string, unknown> | null;
  error?: { code: string; message: string } | null;
}

/** Per-item rows of a job: the unit of resumption and of results. */
export class JobItemsRepo {
  constructor(private readonly db: Db) {}

  /**
   * Inserts items in one transaction; ones that already exist (a resumed job re-creating them) are
   * left as they are. A prepared statement, not the query builder: imports insert 10,000 at once.
   */
  insertMany(jobId: string, items: readonly NewJobItem[], now: number): void {
    const insert = prepared(this.db, 
      'INSERT INTO job_items (job_id, idx, status, title, search, input, result, error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    this.db.$client.transaction(() => {
      for (const it of items) insert.run(jobId, it.index, it.status ?? 'pending', it.title ?? null, it.search ?? null, JSON.stringify(it.input), json(it.result), json(it.error), now);
    })();
  }

  /**
   * Inserts items, or rewrites the title and input of those that exist and are still `pending`
   * (a scan's books gain sightings photo by photo); decided items are left alone.
   */
  upsertPending(jobId: string, items: readonly NewJobItem[], now: number): void {
    const upsert = prepared(this.db, 
      "INSERT INTO job_items (job_id, idx, status, title, search, input, updated_at) VALUES (?, ?, 'pending', ?, ?, ?, ?) " +
        "ON CONFLICT (job_id, idx) DO UPDATE SET title = excluded.title, search = excluded.search, input = excluded.input, updated_at = excluded.updated_at " +
        "WHERE job_items.status = 'pending'",
    );
    this.db.$client.transaction(() => {
      for (const it of items) upsert.run(jobId, it.index, it.title ?? null, it.search ?? null, JSON.stringify(it.input), now);
    })();
  }

  /** Records several outcomes in one transaction (a batch of lookups finishing together). */
  setOutcomes(jobId: string, outcomes: readonly { index: number; outcome: ItemOutcome }[], now: number): void {
    const update = prepared(this.db, 
      'UPDATE job_items SET status = ?, title = CASE WHEN ? THEN ? ELSE title END, search = CASE WHEN ? THEN ? ELSE search END, ' +
        'result = ?, error = ?, updated_at = ? WHERE job_id = ? AND idx = ?',
    );
    this.db.$client.transaction(() => {
      for (const { index, outcome } of outcomes) {
        const res = update.run(
          outcome.status,
          outcome.title !== undefined ? 1 : 0,
          outcome.title ?? null,
          outcome.search !== undefined ? 1 : 0,
          outcome.search ?? null,
          outcome.result ? JSON.stringify(outcome.result) : null,
          outcome.error ? JSON.stringify(outcome.error) : null,
          now,
          jobId,
          index,
        );
        if (res.changes !== 1) throw new Error(`job ${jobId} has no item ${index}`);
      }
    })();
  }

  setOutcome(jobId: string, index: number, outcome: ItemOutcome, now: number): void {
    const res = this.db
      .update(jobItems)
      .set({
        status: outcome.status,
        ...(outcome.title !== undefined ? { title: outcome.title } : {}),
        ...(outcome.search !== undefined ? { search: outcome.search } : {}),
        result: outcome.result ?? null,
        error: outcome.error ?? null,
        updatedAt: now,
      })
      .where(and(eq(jobItems.jobId, jobId), eq(jobItems.idx, index)))
      .run();
    if (res.changes !== 1) throw new Error(`job ${jobId} has no item ${index}`);
  }

  /** One item, or undefined when the job has no item at `index`. */
  get(jobId: string, index: number): JobItemRow | undefined {
    return this.db
      .select()
      .from(jobItems)
      .where(and(eq(jobItems.jobId, jobId), eq(jobItems.idx, index)))
      .get();
  }

  /** Items in index order after `afterIndex`, optionally of one status and containing `search`. */
  page(jobId: string, opts: ItemPageQuery): JobItemRow[] {
    const conds = [eq(jobItems.jobId, jobId), gt(jobItems.idx, opts.afterIndex)];
    if (opts.status) conds.push(eq(jobItems.status, opts.status));
    if (opts.search?.length) conds.push(containsWords(jobItems.search, opts.search));
    return this.db
      .select()
      .from(jobItems)
      .where(and(...conds))
      .orderBy(asc(jobItems.idx))
      .limit(opts.limit)
      .all();
  }

  /** `counts` of several jobs in one query (a page of `jobs.list`), by job id. */
  countsMany(jobIds: readonly string[]): Map<string, { total: number; counts: TItemCounts }> {
    const out = new Map<string, { total: number; counts: TItemCounts }>(jobIds.map((id) => [id, { total: 0, counts: {} }]));
    if (jobIds.length === 0) return out;
    const rows = this.db
      .select({ jobId: jobItems.jobId, status: jobItems.status, n: count() })
      .from(jobItems)
      .where(inArray(jobItems.jobId, [...jobIds]))
      .groupBy(jobItems.jobId, jobItems.status)
      .all();
    for (const r of rows) {
      const entry = out.get(r.jobId);
      if (!entry) continue;
      entry.counts[r.status] = r.n;
      entry.total += r.n;
    }
    return out;
  }

  /** Item counts by status, optionally of the items containing `search` only. */
  counts(jobId: string, search?: readonly string[]): { total: number; counts: TItemCounts } {
    const rows = this.db
      .select({ status: jobItems.status, n: count() })
      .from(jobItems)
      .where(search?.length ? and(eq(jobItems.jobId, jobId), containsWords(jobItems.search, search)) : eq(jobItems.jobId, jobId))
      .groupBy(jobItems.status)
      .all();
    const counts: TItemCounts = {};
    let total = 0;
    for (const r of rows) {
      counts[r.status] = r.n;
      total += r.n;
    }
    return { total, counts };
  }

  /** Puts items of the given statuses back to `pending`; returns how many. */
  resetToPending(jobId: string, statuses: readonly TItemStatus[], now: number): number {
    return this.db
      .update(jobItems)
      .set({ status: 'pending', result: null, error: null, updatedAt: now })
      .where(and(eq(jobItems.jobId, jobId), inArray(jobItems.status, [...statuses])))
      .run().changes;
  }
}
