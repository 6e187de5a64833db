import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { TJobEvent, TJobEventInput } from '../../contract/job-events.js';
import { isoTimestamp } from '../../contract/timestamps.js';
import type { ChangeResult, JobChange, JobRow } from '../store.js';
import type { PgExec } from './pg-exec.js';
import { jobs } from './schema/jobs.js';

const columns = getTableColumns(jobs);
type JobColumn = (typeof columns)[keyof typeof columns];

/** A raw `jobs` row (snake_case, driver values) as the schema reads it. */
function toJobRow(raw: Record<string, unknown>): JobRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(columns) as [string, JobColumn][]) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as JobRow;
}

/** `SET` items for a patch, each value encoded by its column (jsonb, bigint). */
function setItems(patch: Partial<typeof jobs.$inferInsert>): SQL[] {
  return Object.entries(patch).map(([key, value]) => {
    const column = columns[key as keyof typeof columns];
    return sql`${sql.identifier(column.name)} = ${value === null || value === undefined ? null : sql.param(value, column)}`;
  });
}

/** Whether a change is only a patch and events: then `appendInOneStatement` can make it. */
export function isEventsOnly(c: JobChange): c is JobChange & { events?: readonly TJobEventInput[] } {
  return c.items === undefined && c.step === undefined && typeof c.events !== 'function';
}

/**
 * The hot path of every run (an event, progress, a phase): the guard, the patch, the seqs and the
 * events' rows in one statement, so one round trip and no explicit transaction. The UPDATE takes
 * the job's row lock and checks the guard; the INSERT reads the seqs it reserved. Nothing is
 * written when the guard fails.
 */
export async function appendInOneStatement(db: PgExec, jobId: string, c: JobChange & { events?: readonly TJobEventInput[] }): Promise<ChangeResult> {
  const inputs = c.events ?? [];
  const n = inputs.length;
  const guards: SQL[] = [sql`id = ${jobId}`];
  if (c.lease !== undefined) guards.push(sql`lease_owner = ${c.lease} AND status = 'running'`);
  if (c.whileStatus) guards.push(sql`status IN (${sql.join(c.whileStatus.map((s) => sql`${s}`), sql`, `)})`);
  const set = [sql`last_seq = last_seq + ${n}`, ...setItems(c.patch ?? {})];
  const at = isoTimestamp(c.now);
  const result = await db.execute(sql`
    WITH j AS (
      UPDATE jobs SET ${sql.join(set, sql`, `)} WHERE ${sql.join(guards, sql` AND `)} RETURNING *
    ), e AS (
      INSERT INTO job_events (job_id, seq, type, at, event)
      SELECT j.id, j.last_seq - ${n} + x.ord, x.input->>'type', ${c.now},
             x.input || jsonb_build_object('jobId', j.id, 'seq', j.last_seq - ${n} + x.ord, 'at', ${at}::text)
      FROM j, jsonb_array_elements(${JSON.stringify(inputs)}::jsonb) WITH ORDINALITY AS x(input, ord)
    )
    SELECT * FROM j`);
  const raw = result.rows[0];
  if (!raw) return { applied: false };
  const job = toJobRow(raw);
  const first = job.lastSeq - n + 1;
  const events = inputs.map((input, i): TJobEvent => ({ ...input, jobId, seq: first + i, at }));
  return { applied: true, job, events, reset: 0 };
}
