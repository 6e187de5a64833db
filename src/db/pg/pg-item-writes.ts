import { and, eq, inArray, sql } from 'drizzle-orm';
import type { TItemStatus } from '../../contract/job-status.js';
import type { ItemOutcome, NewJobItem } from '../store.js';
import { chunked, jsonParam, lastByKey, type PgExec } from './pg-exec.js';
import { jobItems } from './schema/job-items.js';

/** Inserts items in multi-row statements; ones that exist (a resumed run creating them again) are left alone. */
export async function insertItems(tx: PgExec, jobId: string, items: readonly NewJobItem[], now: number): Promise<void> {
  for (const slice of chunked(items)) {
    await tx
      .insert(jobItems)
      .values(
        slice.map((it) => ({
          jobId,
          idx: it.index,
          status: it.status ?? 'pending',
          title: it.title ?? null,
          search: it.search ?? null,
          input: it.input,
          result: it.result ?? null,
          error: it.error ?? null,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing();
  }
}

/** Inserts items, or rewrites the title and input of those that exist and are still `pending`. */
export async function upsertPending(tx: PgExec, jobId: string, items: readonly NewJobItem[], now: number): Promise<void> {
  for (const slice of chunked(lastByKey(items, (it) => it.index))) {
    await tx
      .insert(jobItems)
      .values(slice.map((it) => ({ jobId, idx: it.index, status: 'pending' as const, title: it.title ?? null, search: it.search ?? null, input: it.input, updatedAt: now })))
      .onConflictDoUpdate({
        target: [jobItems.jobId, jobItems.idx],
        set: { title: sql`excluded.title`, search: sql`excluded.search`, input: sql`excluded.input`, updatedAt: sql`excluded.updated_at` },
        setWhere: sql`${jobItems.status} = 'pending'`,
      });
  }
}

/**
 * Records outcomes of existing items, a slice per statement (`UPDATE … FROM unnest(…)`); a missing
 * item is an error, naming the first one missing, as `JobItemsRepo.setOutcomes` does.
 */
export async function setOutcomes(tx: PgExec, jobId: string, outcomes: readonly { index: number; outcome: ItemOutcome }[], now: number): Promise<void> {
  for (const slice of chunked(mergeRepeated(outcomes))) {
    const col = <T>(f: (o: ItemOutcome) => T) => sql.param(slice.map((o) => f(o.outcome)));
    const updated = await tx.execute<{ idx: number }>(sql`
      UPDATE job_items AS j SET
        status = v.status,
        title = CASE WHEN v.set_title THEN v.title ELSE j.title END,
        search = CASE WHEN v.set_search THEN v.search ELSE j.search END,
        result = v.result, error = v.error, updated_at = ${now}
      FROM unnest(${sql.param(slice.map((o) => o.index))}::int[], ${col((o) => o.status)}::text[],
                  ${col((o) => o.title !== undefined)}::bool[], ${col((o) => o.title ?? null)}::text[],
                  ${col((o) => o.search !== undefined)}::bool[], ${col((o) => o.search ?? null)}::text[],
                  ${col((o) => (o.result ? jsonParam(o.result) : null))}::jsonb[], ${col((o) => (o.error ? jsonParam(o.error) : null))}::jsonb[])
           AS v(idx, status, set_title, title, set_search, search, result, error)
      WHERE j.job_id = ${jobId} AND j.idx = v.idx
      RETURNING j.idx`);
    if (updated.rows.length !== slice.length) {
      const found = new Set(updated.rows.map((r) => r.idx));
      const missing = slice.find((o) => !found.has(o.index));
      throw new Error(`job ${jobId} has no item ${String(missing?.index)}`);
    }
  }
}

/**
 * One outcome per item, as SQLite's statement-per-outcome leaves it: the later outcome wins, but
 * one without a title (or search text) keeps the one an earlier one set.
 */
function mergeRepeated(outcomes: readonly { index: number; outcome: ItemOutcome }[]): { index: number; outcome: ItemOutcome }[] {
  const byIndex = new Map<number, { index: number; outcome: ItemOutcome }>();
  for (const o of outcomes) {
    const earlier = byIndex.get(o.index)?.outcome;
    const title = o.outcome.title === undefined ? earlier?.title : o.outcome.title;
    const search = o.outcome.search ?? earlier?.search;
    byIndex.set(o.index, { index: o.index, outcome: { ...o.outcome, ...(title !== undefined ? { title } : {}), ...(search !== undefined ? { search } : {}) } });
  }
  return [...byIndex.values()];
}

/** One item's outcome (a review decision); the item must exist. */
export async function setOutcome(tx: PgExec, jobId: string, index: number, outcome: ItemOutcome, now: number): Promise<void> {
  const updated = await tx
    .update(jobItems)
    .set({
      status: outcome.status,
      ...(outcome.title !== undefined ? { title: outcome.title } : {}),
      ...(outcome.search !== undefined ? { search: outcome.search } : {}),
      result: outcome.result ?? null,
      error: outcome.error ?? null,
      updatedAt: now,
    })
    .where(and(eq(jobItems.jobId, jobId), eq(jobItems.idx, index)));
  if (updated.rowCount !== 1) throw new Error(`job ${jobId} has no item ${index}`);
}

/** Puts items of the given statuses back to `pending`; returns how many. */
export async function resetToPending(tx: PgExec, jobId: string, statuses: readonly TItemStatus[], now: number): Promise<number> {
  const updated = await tx
    .update(jobItems)
    .set({ status: 'pending', result: null, error: null, updatedAt: now })
    .where(and(eq(jobItems.jobId, jobId), inArray(jobItems.status, [...statuses])));
  return updated.rowCount ?? 0;
}
