import type { TJobEvent, TJobEventInput } from '../contract/job-events.js';
import type { TItemCounts, TItemStatus, TJobStatus } from '../contract/job-status.js';
import type { JobRow, NewJobRow } from './schema/jobs.js';
import type { JobItemRow, ItemOutcome, NewJobItem } from './repos/job-items.repo.js';
import type { ItemPageQuery } from './item-query.js';

export type { JobRow, NewJobRow, JobItemRow, ItemOutcome, NewJobItem, ItemPageQuery };

/**
 * The job store: every read and write of job state, behind one asynchronous interface with two
 * implementations, embedded SQLite (`sqlite-store.ts`, the default) and PostgreSQL
 * (`pg/pg-store.ts`, `DATABASE_URL`). Each method is one transaction. There is no open-ended
 * transaction callback: a change that must be atomic is described to one method (`JobsStore.change`),
 * so the SQLite implementation runs it synchronously on its one connection (no other statement can
 * interleave) and the PostgreSQL one in a transaction on one pooled connection.
 */
export interface JobStore {
  readonly dialect: 'sqlite' | 'postgres';
  readonly jobs: JobsStore;
  readonly items: JobItemsStore;
  readonly events: JobEventsStore;
  readonly tokens: JobTokensStore;
  readonly steps: JobStepsStore;
  readonly cache: ProviderCacheStore;
  readonly reuse: ImportReuseStore;
  readonly blobs: BlobStore;
  /** Readiness probe: a trivial query, with the driver's message when it fails. */
  check(): Promise<{ ok: true } | { ok: false; reason: string }>;
  /**
   * Whether `error` (or one of its causes) says the database could not be used for a while (a
   * restart, a cut connection, a busy file): a transient failure to wait out, not a bug.
   */
  unavailable(error: unknown): boolean;
  close(): Promise<void>;
}

export interface JobListFilter {
  status?: TJobStatus | undefined;
  kind?: string | undefined;
  /** Newest first; resume strictly before this (createdAt, id). */
  before?: { createdAt: number; id: string } | undefined;
  limit: number;
}

/** A job's item counts: how many in all, and how many of each status. */
export interface ItemTotals {
  total: number;
  counts: TItemCounts;
}

/**
 * One atomic change to a job: an optional guard, then the writes, then the events (each given the
 * job's next seq), in one transaction. Nothing is written when the guard fails.
 */
export interface JobChange {
  /** When the change is made: rows' `updated_at` and the events' `at`. */
  now: number;
  /** Write only while this claim's lease holds the job (it is `running` under that token). */
  lease?: string | undefined;
  /** Write only while the job has one of these statuses. */
  whileStatus?: readonly TJobStatus[] | undefined;
  /** Columns of the job's row to set. */
  patch?: Partial<NewJobRow> | undefined;
  items?: ItemWrites | undefined;
  /** A step's result (kept when one is already stored: the first run's result wins). */
  step?: { key: string; value: unknown } | undefined;
  /**
   * Appended after the writes. A function is called inside the transaction, after the writes,
   * with the job's row and how many items `items.resetToPending` reset: it returns the events, or
   * throws to roll everything back.
   */
  events?: readonly TJobEventInput[] | ((state: { job: JobRow; reset: number }) => readonly TJobEventInput[]) | undefined;
}

export interface ItemWrites {
  /** Inserted; ones that exist (a resumed run creating them again) are left as they are. */
  create?: readonly NewJobItem[] | undefined;
  /** Inserted, or their title and input rewritten while they are still `pending`. */
  putPending?: readonly NewJobItem[] | undefined;
  /** Outcomes of existing items (a missing item is an error). */
  outcomes?: readonly { index: number; outcome: ItemOutcome }[] | undefined;
  /**
   * Every item of another job, copied: those in a `keep` status as they are, the others `pending`
   * (an import of bytes imported before reuses that parse).
   */
  copyFrom?: { jobId: string; keep: readonly TItemStatus[] } | undefined;
  /** Items in these statuses go back to `pending` (a retry). */
  resetToPending?: readonly TItemStatus[] | undefined;
}

export type ChangeResult = { applied: false } | { applied: true; job: JobRow; events: TJobEvent[]; reset: number };

/** How many jobs of a kind are in an unfinished status (`JobsStore.unfinishedByKind`). */
export interface UnfinishedCount {
  kind: string;
  status: 'queued' | 'running';
  count: number;
}

/** How the queue stands (`JobsStore.queueState`). */
export interface QueueState {
  /** Queued jobs whose `run_after` has come. */
  runnable: number;
  /** The earliest `run_after` among them; null when there are none. */
  oldestRunAfter: number | null;
  /** Running jobs whose lease has not run out: runs some process is carrying on. */
  liveRuns: number;
}

/** A new job with its first event, its first token and the uploads it reads. */
export interface NewJob {
  row: NewJobRow & { id: string };
  tokenHash: string;
  blobs: readonly { sha256: string; role: string }[];
  event: TJobEventInput;
  /**
   * Without an idempotency key: a job of the same kind, client and input created since `since`
   * and still queued or running stands for this one (the same file sent again while it runs).
   */
  sameAsActiveSince?: number | undefined;
}

export type CreateResult =
  | { created: true; job: JobRow; events: TJobEvent[] }
  /** The same idempotency key was used before: that job, which gained `tokenHash` when its input was the same. */
  | { created: false; job: JobRow; sameInput: boolean; duplicate?: false }
  /** `sameAsActiveSince` found a job: that job, which gained `tokenHash`. */
  | { created: false; job: JobRow; sameInput: true; duplicate: true };

/** A person's decision on an item in review, as `ReviewService` computes it from the item. */
export interface ReviewDecision {
  outcome: ItemOutcome;
  event: TJobEventInput;
}

/** Job rows: creation, claiming under a lease, state changes with their events. */
export interface JobsStore {
  get(id: string): Promise<JobRow | undefined>;
  list(filter: JobListFilter): Promise<JobRow[]>;
  /**
   * Creates a job with its first event and token, in one transaction. With an idempotency key
   * already used by the same client for the same kind, creates nothing and returns that job.
   */
  create(job: NewJob, now: number): Promise<CreateResult>;
  /** Applies one change atomically (see `JobChange`). */
  change(jobId: string, change: JobChange): Promise<ChangeResult>;
  /**
   * Records a review decision on item `index`: `decide` gets the job and the item (undefined when
   * the job has none at `index`) inside the transaction, and throws when no decision may be made;
   * then the item's outcome, the job's summary counts and the decision's event are written together.
   * A job that does not exist is an error.
   */
  decide(
    jobId: string,
    index: number,
    now: number,
    decide: (job: JobRow, item: JobItemRow | undefined) => ReviewDecision,
  ): Promise<{ item: JobItemRow; totals: ItemTotals; event: TJobEvent }>;
  /**
   * Takes the oldest runnable queued job of `kind` and leases it to `lease` (a token unique to the
   * claim), bumping its attempts. Any number of processes may claim at once; each job goes to one.
   */
  claimNext(kind: string, lease: string, now: number, leaseMs: number): Promise<JobRow | undefined>;
  /** Extends a lease; false when it was lost (claimed again, or no longer running). */
  renewLease(id: string, lease: string, until: number): Promise<boolean>;
  /** Running jobs whose lease ran out: their process died or hung. */
  expiredLeases(now: number): Promise<JobRow[]>;
  /** The queue at `now`: runnable queued jobs, the oldest one's `run_after`, and runs whose lease holds. */
  queueState(now: number): Promise<QueueState>;
  /** Queued and running jobs, counted by kind and status (metrics). */
  unfinishedByKind(): Promise<UnfinishedCount[]>;
  /** Whether the job's latest run stored work (a step, a decided item) after it started. */
  progressedInLastRun(id: string): Promise<boolean>;
  /** Flags a running job's cancellation for whichever process runs it. */
  requestCancel(id: string, now: number): Promise<void>;
  /** Those of `ids` whose cancellation was requested. */
  cancelRequestedAmong(ids: readonly string[]): Promise<string[]>;
  /** The newest event seq of each of `ids` that exists. */
  lastSeqs(ids: readonly string[]): Promise<Map<string, number>>;
  /** Finished jobs past their results TTL. */
  expiredIds(now: number, limit: number): Promise<string[]>;
  /** Deletes jobs with everything that hangs off them; returns how many. */
  deleteMany(ids: readonly string[]): Promise<number>;
}

/** Per-item rows of a job: the unit of resumption and of results. */
export interface JobItemsStore {
  get(jobId: string, index: number): Promise<JobItemRow | undefined>;
  /** Items in index order after `afterIndex`, optionally of one status and containing a search text. */
  page(jobId: string, opts: ItemPageQuery): Promise<JobItemRow[]>;
  /** Counts by status, of every item or of those containing every word of `search` (as `ItemPageQuery.search`). */
  counts(jobId: string, search?: readonly string[]): Promise<ItemTotals>;
  /** `counts` of several jobs in one query (a page of `jobs.list`), by job id. */
  countsMany(jobIds: readonly string[]): Promise<Map<string, ItemTotals>>;
}

/** The append-only event log (written only through `JobsStore.change` and `create`). */
export interface JobEventsStore {
  /** Events with seq > `after`, in order, at most `limit`. */
  listAfter(jobId: string, after: number, limit: number): Promise<TJobEvent[]>;
}

/** Token hashes per job (never the tokens themselves). */
export interface JobTokensStore {
  hashesFor(jobId: string): Promise<string[]>;
}

/** Memoised results of `ctx.step(key, fn)` (written through `JobsStore.change`). */
export interface JobStepsStore {
  get(jobId: string, key: string): Promise<{ value: unknown } | undefined>;
}

/** A cached answer: `value` null means "the provider does not know this" (a cached miss). */
export interface CacheEntry {
  value: unknown;
}

/** The provider answer cache. Keys are built by the caller and carry a version. */
export interface ProviderCacheStore {
  get(key: string, now: number): Promise<CacheEntry | undefined>;
  /** Fresh entries among `keys`, by key. */
  getMany(keys: readonly string[], now: number): Promise<Map<string, CacheEntry>>;
  putMany(entries: readonly { key: string; provider: string; value: unknown; ttlMs: number }[], now: number): Promise<void>;
  /** Deletes expired entries; returns how many. */
  purgeExpired(now: number): Promise<number>;
  delete(key: string): Promise<void>;
}

/** An earlier job over the same upload whose items were all created (its step `stepKey` is done). */
export interface PreparedJob {
  jobId: string;
  input: unknown;
  step: unknown;
}

/** Finding an earlier job's parsed items to reuse (copied with `ItemWrites.copyFrom`). */
export interface ImportReuseStore {
  /** Newest first: jobs of `kind` linked to blob `sha256` in `role`, other than `exceptJobId`, with `stepKey` done. */
  preparedJobs(opts: { kind: string; sha256: string; role: string; stepKey: string; exceptJobId: string; limit: number }): Promise<PreparedJob[]>;
}

/**
 * Content-addressed uploads, reachable by every process that shares the store: files under the
 * data folder with SQLite, rows in the database with PostgreSQL. Identical uploads share one blob.
 */
export interface BlobStore {
  /** Stores the bytes (once per content) and returns their sha256. */
  put(bytes: Uint8Array, mimeType: string, now?: number): Promise<string>;
  /** The blobs of a job with a given role (in no set order: callers that need one keep it in the job's input). */
  forJob(jobId: string, role: string): Promise<string[]>;
  read(sha256: string): Promise<Buffer>;
  /** Deletes blobs no job links to any more; returns how many. */
  purgeOrphans(now?: number): Promise<number>;
}
