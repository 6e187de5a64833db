import type { TJobEvent } from '../../contract/job-events.js';
import type { ChangeResult, ItemTotals, JobChange, JobItemRow, JobRow, ReviewDecision } from '../store.js';
import type { PgDb } from './client.js';
import { appendInOneStatement, isEventsOnly } from './pg-event-append.js';
import { appendEvents } from './pg-events.js';
import type { PgExec } from './pg-exec.js';
import { countItems, getItem } from './pg-item-reads.js';
import { insertItems, resetToPending, setOutcome, setOutcomes, upsertPending } from './pg-item-writes.js';
import { lockJob, updateJob } from './pg-jobs.js';
import { copyItems } from './pg-reuse.js';
import { jobSteps } from './schema/job-steps.js';

/**
 * `JobsStore.change` on PostgreSQL: one transaction that first locks the job's row, so the guards
 * hold until it commits (a claim, a cancel or another change waits), then writes in the order the
 * SQLite store does. Any throw, an `events` function's included, rolls everything back and propagates as is.
 */
export async function changeJob(db: PgDb, jobId: string, c: JobChange): Promise<ChangeResult> {
  if (isEventsOnly(c)) return appendInOneStatement(db, jobId, c);
  return db.transaction(async (tx): Promise<ChangeResult> => {
    const before = await lockJob(tx, jobId);
    if (!before) return { applied: false };
    if (c.lease !== undefined && (before.leaseOwner !== c.lease || before.status !== 'running')) return { applied: false };
    if (c.whileStatus && !c.whileStatus.includes(before.status)) return { applied: false };
    const reset = await writeItems(tx, jobId, c);
    if (c.step) await tx.insert(jobSteps).values({ jobId, key: c.step.key, value: c.step.value ?? null, createdAt: c.now }).onConflictDoNothing();
    const job = c.patch ? ((await updateJob(tx, jobId, c.patch)) ?? before) : before;
    const inputs = typeof c.events === 'function' ? c.events({ job, reset }) : (c.events ?? []);
    const events = await appendEvents(tx, jobId, inputs, c.now);
    return { applied: true, job: { ...job, lastSeq: events.at(-1)?.seq ?? job.lastSeq }, events, reset };
  });
}

/** A change's item writes, in the SQLite store's order; returns how many items were reset. */
async function writeItems(tx: PgExec, jobId: string, c: JobChange): Promise<number> {
  const w = c.items;
  if (!w) return 0;
  if (w.copyFrom) await copyItems(tx, w.copyFrom.jobId, jobId, w.copyFrom.keep, c.now);
  if (w.create) await insertItems(tx, jobId, w.create, c.now);
  if (w.putPending) await upsertPending(tx, jobId, w.putPending, c.now);
  if (w.outcomes) await setOutcomes(tx, jobId, w.outcomes, c.now);
  return w.resetToPending ? resetToPending(tx, jobId, w.resetToPending, c.now) : 0;
}

/**
 * `JobsStore.decide` on PostgreSQL: under the job's row lock, `decide` sees the item as it is
 * (undefined when there is none); what it throws (an AppError) rolls back and propagates unchanged.
 */
export async function decideItem(
  db: PgDb,
  jobId: string,
  index: number,
  now: number,
  decide: (job: JobRow, item: JobItemRow | undefined) => ReviewDecision,
): Promise<{ item: JobItemRow; totals: ItemTotals; event: TJobEvent }> {
  return db.transaction(async (tx) => {
    const job = await lockJob(tx, jobId);
    const item = await getItem(tx, jobId, index);
    if (!job) throw new Error(`job ${jobId} vanished while an item was decided`);
    const decision = decide(job, item);
    await setOutcome(tx, jobId, index, decision.outcome, now);
    const totals = await countItems(tx, jobId);
    // The summary is what the job reported when it ended; its counts follow the decisions made since.
    await updateJob(tx, jobId, { ...(job.summary ? { summary: { ...job.summary, itemCount: totals.total, counts: totals.counts } } : {}), updatedAt: now });
    const [event] = await appendEvents(tx, jobId, [decision.event], now);
    const updated = await getItem(tx, jobId, index);
    if (!event || !updated) throw new Error(`item ${index} of job ${jobId} vanished while it was decided`);
    return { item: updated, totals, event };
  });
}
