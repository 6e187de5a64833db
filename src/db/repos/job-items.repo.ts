import { and, asc, count, eq, gt, inArray } from 'drizzle-orm';
import type { TItemCounts, TItemStatus } from '../../contract/job-status.js';
import type { Db } from '../client.js';
import { jobItems } from '../schema/job-items.js';

export type JobItemRow = typeof jobItems.$inferSelect;

export interface NewJobItem {
  index: number;
  title?: string | null;
  input: Record<string, unknown>;
  status?: TItemStatus;
  /** For items created already final (an invalid row, a duplicate). */
  result?: Record<string, unknown> | null;
  error?: { code: string; message: string } | null;
}

export interface ItemOutcome {
  status: TItemStatus;
  title?: string | null;
  result?: Record<string, unknown> | null;
  error?: { code: string; message: string } | null;
}

/** Per-item rows of a job: the unit of resumption and of results. */
export class JobItemsRepo {
  constructor(private readonly db: Db) {}

  /** Inserts items; ones that already exist (a resumed job re-creating them) are left as they are. */
  insertMany(jobId: string, items: readonly NewJobItem[], now: number): void {
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500).map((it) => ({
        jobId,
        idx: it.index,
        status: it.status ?? 'pending',
        title: it.title ?? null,
        input: it.input,
        result: it.result ?? null,
        error: it.error ?? null,
        updatedAt: now,
      }));
      this.db.insert(jobItems).values(chunk).onConflictDoNothing().run();
    }
  }

  setOutcome(jobId: string, index: number, outcome: ItemOutcome, now: number): void {
    const res = this.db
      .update(jobItems)
      .set({
        status: outcome.status,
        ...(outcome.title !== undefined ? { title: outcome.title } : {}),
        result: outcome.result ?? null,
        error: outcome.error ?? null,
        updatedAt: now,
      })
      .where(and(eq(jobItems.jobId, jobId), eq(jobItems.idx, index)))
      .run();
    if (res.changes !== 1) throw new Error(`job ${jobId} has no item ${index}`);
  }

  /** Items in index order after `afterIndex`, optionally of one status. */
  page(jobId: string, opts: { afterIndex: number; limit: number; status?: TItemStatus | undefined }): JobItemRow[] {
    const conds = [eq(jobItems.jobId, jobId), gt(jobItems.idx, opts.afterIndex)];
    if (opts.status) conds.push(eq(jobItems.status, opts.status));
    return this.db
      .select()
      .from(jobItems)
      .where(and(...conds))
      .orderBy(asc(jobItems.idx))
      .limit(opts.limit)
      .all();
  }

  counts(jobId: string): { total: number; counts: TItemCounts } {
    const rows = this.db
      .select({ status: jobItems.status, n: count() })
      .from(jobItems)
      .where(eq(jobItems.jobId, jobId))
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
