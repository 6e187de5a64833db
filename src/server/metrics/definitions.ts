import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

const PREFIX = 'bookstrack_';

/** Seconds; jobs run from seconds (a small scan) to hours (a large library at a provider's pace). */
const JOB_SECONDS = [1, 5, 15, 30, 60, 120, 300, 600, 1_800, 3_600, 7_200, 21_600];
/** Seconds a runnable job waits for a worker: milliseconds when idle, minutes when backed up. */
const QUEUE_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 900, 3_600];
/** Seconds of one HTTP request to a provider, up to the longest timeout (Gemini's 60 s). */
const REQUEST_SECONDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Every BooksTrack series, registered on `registry`. Names follow Prometheus' conventions: a
 * `bookstrack_` prefix, base units (seconds), `_total` on counters. The README lists them.
 */
export function defineMetrics(registry: Registry) {
  const registers = [registry];
  return {
    info: new Gauge({ name: `${PREFIX}info`, help: 'Always 1: the version, the role and the database of this process', labelNames: ['version', 'role', 'database'], registers }),
    jobsStarted: new Counter({ name: `${PREFIX}jobs_started_total`, help: 'Jobs started by clients (a replayed idempotency key or a duplicate upload is not a new job)', labelNames: ['kind'], registers }),
    jobsFinished: new Counter({ name: `${PREFIX}jobs_finished_total`, help: 'Jobs that ended, by outcome (completed, failed, canceled); a retried job ends again', labelNames: ['kind', 'outcome'], registers }),
    jobDuration: new Histogram({ name: `${PREFIX}job_duration_seconds`, help: "From a job's first start to its end (the summary's durationMs); jobs that never ran are not observed", labelNames: ['kind', 'outcome'], buckets: JOB_SECONDS, registers }),
    jobQueue: new Histogram({ name: `${PREFIX}job_queue_seconds`, help: 'How long a job was runnable before a worker claimed it (each claim: first run, retry, resumption)', labelNames: ['kind'], buckets: QUEUE_SECONDS, registers }),
    jobsQueued: new Gauge({ name: `${PREFIX}jobs_queued`, help: 'Jobs queued now, by kind (the whole database: every process reports the same)', labelNames: ['kind'], registers }),
    jobsRunning: new Gauge({ name: `${PREFIX}jobs_running`, help: 'Jobs running now, by kind (the whole database: every process reports the same)', labelNames: ['kind'], registers }),
    jobsStalled: new Gauge({ name: `${PREFIX}jobs_stalled`, help: 'Unfinished jobs that look stalled (STALL_AFTER_MS), by reason: no_progress, no_worker', labelNames: ['reason'], registers }),
    itemsDecided: new Counter({ name: `${PREFIX}items_decided_total`, help: 'Items a run gave a final status, by status (a retried item counts again)', labelNames: ['kind', 'status'], registers }),
    reviewDecisions: new Counter({ name: `${PREFIX}review_decisions_total`, help: 'Items in review decided by a person, by action', labelNames: ['action'], registers }),
    eventsAppended: new Counter({ name: `${PREFIX}job_events_appended_total`, help: 'Job events persisted, by type', labelNames: ['type'], registers }),
    framesSent: new Counter({ name: `${PREFIX}stream_frames_sent_total`, help: 'Job events sent to live subscribers, by transport (ws, sse)', labelNames: ['transport'], registers }),
    subscribers: new Gauge({ name: `${PREFIX}live_subscribers`, help: 'Live job progress subscriptions open now, by transport (ws, sse)', labelNames: ['transport'], registers }),
    providerRequests: new Counter({ name: `${PREFIX}provider_requests_total`, help: 'HTTP requests to metadata providers and Gemini, by outcome (ok, miss, 429, 4xx, 5xx, timeout, network, malformed)', labelNames: ['provider', 'outcome'], registers }),
    providerSeconds: new Histogram({ name: `${PREFIX}provider_request_duration_seconds`, help: 'Latency of one HTTP request to a provider (pacing waits excluded)', labelNames: ['provider'], buckets: REQUEST_SECONDS, registers }),
    breakers: new Gauge({ name: `${PREFIX}provider_breakers`, help: "Provider circuit breakers in each state (one per provider per thread that calls it)", labelNames: ['provider', 'state'], registers }),
    geminiTokens: new Counter({ name: `${PREFIX}gemini_tokens_total`, help: "Tokens Gemini's answers say they used, by type (prompt, output, thoughts)", labelNames: ['type'], registers }),
    rateLimited: new Counter({ name: `${PREFIX}rate_limit_refusals_total`, help: 'Requests refused with 429 by the API rate limits, by limit (starts, reads)', labelNames: ['limit'], registers }),
  };
}

export type MetricSet = ReturnType<typeof defineMetrics>;
