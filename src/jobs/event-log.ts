import type { TJobEvent, TJobEventInput } from '../contract/job-events.js';
import type { ChangeResult, CreateResult, JobChange, JobItemRow, JobRow, JobsStore, NewJob, ReviewDecision, ItemTotals } from '../db/store.js';
import type { Telemetry, TelemetryRecord } from '../telemetry.js';
import type { JobEventBus } from './event-bus.js';
import { changeRecords } from './job-telemetry.js';

/** A change as callers describe it: `now` defaults to the log's clock. */
export type ChangeInput = Omit<JobChange, 'now'> & { now?: number | undefined };

/**
 * The only writer of job events. The store gives each event the job's next `seq` in the same
 * transaction as the state change it describes; the log publishes it only after that transaction
 * commits: persisted-then-published, so live subscribers never see an event the log does not have.
 */
export class JobEventLog {
  constructor(
    private readonly store: Pick<JobsStore, 'change' | 'create' | 'decide'>,
    private readonly bus: JobEventBus,
    private readonly now: () => number = Date.now,
    /** Told the newest seq of each change that appended events (to tell other processes). */
    private readonly committed?: (jobId: string, seq: number) => void,
    /** Told what each committed change means for the metrics (jobs started, claimed and ended, items, events); none when metrics are off, and then nothing is worked out. */
    private readonly telemetry?: Telemetry,
  ) {}

  /** Applies one change with its events (see `JobChange`); publishes them once it has committed. */
  async change(jobId: string, change: ChangeInput): Promise<ChangeResult> {
    const result = await this.store.change(jobId, { ...change, now: change.now ?? this.now() });
    if (result.applied) {
      // Recorded before publishing: a job worker's records then reach the serving thread before
      // the notice of these events, so a client that saw a job end scrapes metrics that include it.
      if (this.telemetry) this.report(this.telemetry, changeRecords(result.job, change.items, result.events));
      this.publish(result.events);
    }
    return result;
  }

  /** Appends events with no other change; false when the job does not exist. */
  async append(jobId: string, ...events: TJobEventInput[]): Promise<boolean> {
    return (await this.change(jobId, { events })).applied;
  }

  async create(job: NewJob): Promise<CreateResult> {
    const result = await this.store.create(job, this.now());
    if (result.created) {
      if (this.telemetry) this.report(this.telemetry, [{ type: 'job_started', kind: result.job.kind }, ...changeRecords(result.job, undefined, result.events)]);
      this.publish(result.events);
    }
    return result;
  }

  async decide(
    jobId: string,
    index: number,
    decide: (job: JobRow, item: JobItemRow | undefined) => ReviewDecision,
  ): Promise<{ item: JobItemRow; totals: ItemTotals; event: TJobEvent }> {
    const result = await this.store.decide(jobId, index, this.now(), decide);
    if (this.telemetry) this.report(this.telemetry, changeRecords(undefined, undefined, [result.event]));
    this.publish([result.event]);
    return result;
  }

  private report(telemetry: Telemetry, records: readonly TelemetryRecord[]): void {
    for (const record of records) telemetry.record(record);
  }

  private publish(events: readonly TJobEvent[]): void {
    for (const event of events) this.bus.publish(event);
    const last = events.at(-1);
    if (last) this.committed?.(last.jobId, last.seq);
  }
}
