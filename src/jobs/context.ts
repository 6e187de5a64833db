import type { Logger } from 'pino';
import type { TJobEventInput } from '../contract/job-events.js';
import type { TJobPhase } from '../contract/job-status.js';
import type { TJobProgress } from '../contract/jobs.js';
import type { GeminiClient } from '../providers/gemini/gemini-client.js';
import type { BookProvider, CsvColumnMapper, ShelfScanner } from '../providers/types.js';
import type { TItemStatus } from '../contract/job-status.js';
import type { ImportReuseStore, ItemOutcome, ItemTotals, JobItemRow, NewJobItem, ProviderCacheStore } from '../db/store.js';

/**
 * External services handed to handlers, built in the composition root; handlers never construct
 * them. One instance of each per process, so every job shares a provider's rate limit and breaker.
 */
export interface JobProviders {
  /** Metadata providers in fallback order (`ENRICH_PROVIDERS`, minus those without a required key). */
  metadata: readonly BookProvider[];
  /** Maps the columns of an unfamiliar CSV header (Gemini); absent when GEMINI_API_KEY is unset. */
  csvColumns?: CsvColumnMapper;
  /** Reads books off shelf photos (Gemini vision); absent when GEMINI_API_KEY is unset. */
  shelfScanner?: ShelfScanner;
  /**
   * The process's one Gemini client, shared by every Gemini feature (CSV mapping, shelf scans) so
   * they count against one key; absent when GEMINI_API_KEY is unset.
   */
  gemini?: GeminiClient;
}

/** A job's items: created once, processed while `pending`, each ending with an outcome. */
export interface JobItems {
  /** Creates items; on a resumed run, existing ones are kept as they were. */
  create(items: readonly NewJobItem[]): Promise<void>;
  /** Creates items, or rewrites those still `pending` (their work not begun): for items that grow as a job goes. */
  putPending(items: readonly NewJobItem[]): Promise<void>;
  /** Creates this job's items as a copy of an earlier job's: those in a `keep` status as they were, the others `pending`. */
  copyFrom(jobId: string, keep: readonly TItemStatus[]): Promise<void>;
  /** Items still `pending`, in index order, a page at a time. */
  pending(limit: number, afterIndex?: number): Promise<JobItemRow[]>;
  /** Items of one status, in index order (the first `limit`). */
  ofStatus(status: TItemStatus, limit: number): Promise<JobItemRow[]>;
  /** Records an item's outcome; failures and review cases also emit an `item` event, in the same transaction. */
  complete(index: number, outcome: ItemOutcome & { reason?: string }): Promise<void>;
  /** `complete` for several items in one transaction. */
  completeMany(outcomes: readonly { index: number; outcome: ItemOutcome & { reason?: string } }[]): Promise<void>;
  counts(): Promise<ItemTotals & { pending: number }>;
}

/** Read access to the blobs uploaded with this job. */
export interface JobBlobs {
  list(role: string): Promise<string[]>;
  read(sha256: string): Promise<Buffer>;
}

/** The shared stores a handler may read besides its own job: the provider cache, earlier imports. */
export interface JobStores {
  readonly cache: ProviderCacheStore;
  readonly reuse: ImportReuseStore;
}

/**
 * What a handler gets. Everything it needs comes through here; nothing is imported as a module
 * singleton, so a handler cannot run without the engine (the original `env.ctx.waitUntil` bug).
 */
export interface JobContext {
  readonly jobId: string;
  readonly kind: string;
  /** 1 for the first attempt; resumed and retried runs count up. */
  readonly attempt: number;
  /** Aborts on cancel, stall or shutdown: pass it to every await that can take long. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly stores: JobStores;
  readonly providers: JobProviders;
  readonly items: JobItems;
  readonly blobs: JobBlobs;
  /** Persists the event (next seq), then publishes it to live subscribers. */
  emit(event: TJobEventInput): Promise<void>;
  /** Starts a phase: a `phase` event and the job's current phase (progress reported before it is written first). */
  phase(phase: TJobPhase, message: string): Promise<void>;
  /**
   * Reports progress; coalesced to a few events per second (the last one of a phase always goes
   * out). Returns at once: the writes follow in order, before the next phase and the job's end.
   */
  progress(progress: TJobProgress): void;
  /**
   * What the job is doing right now, asked whenever it has been quiet for a heartbeat interval
   * (`PROGRESS_HEARTBEAT_MS`): the answer goes out as a progress event, e.g. "waiting for Google
   * Books" with an estimate. Without it the last progress is repeated.
   */
  describeProgress(describe: () => TJobProgress | undefined): void;
  /**
   * Runs `fn` once per job: its JSON result is stored under `key`, and a resumed or retried run
   * gets the stored value instead of running `fn` again.
   */
  step<T>(key: string, fn: () => Promise<T>): Promise<T>;
}
