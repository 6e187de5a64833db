/**
 * What the code tells the metrics, as plain data. Domain code (providers, jobs, the router) reports
 * records through `Telemetry` and never sees the metrics library: the server turns records into
 * Prometheus series (`src/server/metrics`), and a job worker thread forwards its records to the
 * thread that serves `/metrics`, which is why a record is data and not a method call.
 */
import type { TMetadataProvider } from './contract/books.js';
import type { TJobEventType, TReviewAction } from './contract/job-events.js';
import type { TItemStatus, TTerminalJobStatus } from './contract/job-status.js';

/**
 * How one HTTP request to a provider ended: `ok` (an answer with something in it), `miss` (the
 * provider knows nothing: a 404 or an empty answer), `429`, `4xx` (refused: a bad key, a quota
 * answered with 400/403), `5xx`, `timeout`, `network` (no HTTP answer), `malformed` (an answer
 * that is not what the provider documents).
 */
export const PROVIDER_OUTCOMES = ['ok', 'miss', '429', '4xx', '5xx', 'timeout', 'network', 'malformed'] as const;
export type ProviderOutcome = (typeof PROVIDER_OUTCOMES)[number];

export type TelemetryProvider = TMetadataProvider | 'gemini';

/** A circuit breaker's states; `half_open` lets one trial request through. */
export const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

export type TelemetryRecord =
  /** A client started a new job (a replayed idempotency key or a duplicate upload is not one). */
  | { type: 'job_started'; kind: string }
  /** A run claimed a job that had been runnable for `queuedMs`. */
  | { type: 'job_claimed'; kind: string; queuedMs: number }
  /** A job ended; `ranMs` is undefined for a job that never ran (canceled while queued). */
  | { type: 'job_finished'; kind: string; outcome: TTerminalJobStatus; ranMs: number | undefined }
  /** A run decided items (or created them already decided, as an invalid row): how many of each status. */
  | { type: 'items_decided'; kind: string; counts: Partial<Record<TItemStatus, number>> }
  /** A person decided an item in review. */
  | { type: 'review_decided'; action: TReviewAction }
  /** Events persisted, by type. */
  | { type: 'events_appended'; counts: Partial<Record<TJobEventType, number>> }
  /** One HTTP request to a provider (retries are requests of their own). */
  | { type: 'provider_request'; provider: TelemetryProvider; outcome: ProviderOutcome; seconds: number }
  /** A provider client's breaker changed state (also told once, `closed`, when the client is made). */
  | { type: 'breaker'; provider: TMetadataProvider; state: BreakerState }
  /** Tokens a Gemini answer says it used. */
  | { type: 'gemini_tokens'; prompt: number; output: number; thoughts: number }
  /** The API refused a request over one of its rate limits (`starts`, `reads`). */
  | { type: 'rate_limited'; limit: string };

/** Where records go. `record` must be cheap and must never throw: it runs on hot paths. */
export interface Telemetry {
  record(record: TelemetryRecord): void;
}

/** Records nothing: the default where metrics are off, and in tests that do not read them. */
export const noTelemetry: Telemetry = { record: () => undefined };
