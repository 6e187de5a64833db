import { and, asc, count, eq, gt, inArray } from 'drizzle-orm';
import type { TItemCounts } from '../../contract/job-status.js';
import { containsWords, type ItemPageQuery } from '../item-query.js';
import type { ItemTotals, JobItemRow } from '../store.js';
import type { PgExec } from './pg-exec.js';
import { jobItems } from './schema/job-items.js';

/** One item, or undefined when the job has no item at `index`. */
export async function getItem(db: PgExec, jobId: string, index: number): Promise<JobItemRow | undefined> {
  const [row] = await db
    .select()
    .from(jobItems)
    .where(and(eq(jobItems.jobId, jobId), eq(jobItems.idx, index)));
  return row;
}

/** Items in index order after `afterIndex`, optionally of one status and containing `search`. */
export async function pageItems(db: PgExec, jobId: string, opts: ItemPageQuery): Promise<JobItemRow[]> {
  const conds = [eq(jobItems.jobId, jobId), gt(jobItems.idx, opts.afterIndex)];
  if (opts.status) conds.push(eq(jobItems.status, opts.status));
  if (opts.search?.length) conds.push(containsWords(jobItems.search, opts.search));
  return db
    .select()
    .from(jobItems)
    .where(and(...conds))
    .orderBy(asc(jobItems.idx))
    .limit(opts.limit);
}

/** A job's item counts by status, optionally of the items containing `search` only. */
export async function countItems(db: PgExec, jobId: string, search?: readonly string[]): Promise<ItemTotals> {
  const rows = await db
    .select({ status: jobItems.status, n: count() })
    .from(jobItems)
    .where(search?.length ? and(eq(jobItems.jobId, jobId), containsWords(jobItems.search, search)) : eq(jobItems.jobId, jobId))
    .groupBy(jobItems.status);
  const counts: TItemCounts = {};
  let total = 0;
  for (const r of rows) {
    counts[r.status] = r.n;
    total += r.n;
  }
  return { total, counts };
}

/** `countItems` of several jobs in one query; every id asked for is in the map (zero when it has no items). */
export async function countItemsMany(db: PgExec, jobIds: readonly string[]): Promise<Map<string, ItemTotals>> {
  const out = new Map<string, ItemTotals>(jobIds.map((id) => [id, { total: 0, counts: {} }]));
  if (jobIds.length === 0) return out;
  const rows = await db
    .select({ jobId: jobItems.jobId, status: jobItems.status, n: count() })
    .from(jobItems)
    .where(inArray(jobItems.jobId, [...jobIds]))
    .groupBy(jobItems.jobId, jobItems.status);
  for (const r of rows) {
    const entry = out.get(r.jobId);
    if (!entry) continue;
    entry.counts[r.status] = r.n;
    entry.total += r.n;
  }
  return out;
}
