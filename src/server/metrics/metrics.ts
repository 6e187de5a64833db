import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { TERMINAL_JOB_STATUSES } from '../../contract/job-status.js';
import { ZJobStall, type TJobStall } from '../../contract/jobs.js';
import type { UnfinishedCount } from '../../db/store.js';
import { BREAKER_STATES, type BreakerState, type Telemetry, type TelemetryRecord } from '../../telemetry.js';
import type { StreamStats, StreamTransport } from '../stream-stats.js';
import { defineMetrics, type MetricSet } from './definitions.js';

/** What the gauges read at each scrape. */
export interface MetricsSources {
  /** Unfinished jobs by kind and status, and stalled ones by reason (`JobQueries.census`). */
  census(): Promise<{ unfinished: UnfinishedCount[]; stalled: Record<TJobStall['reason'], number> }>;
  streams: StreamStats;
}

export interface MetricsOptions {
  info: { version: string; role: string; database: string };
  /** The job kinds this deployment runs: their series exist (at 0) before the first job. */
  kinds: readonly string[];
  logger: Logger;
}

const TRANSPORTS: readonly StreamTransport[] = ['ws', 'sse'];
const STALL_REASONS = ZJobStall.shape.reason.options;

/**
 * This process's Prometheus metrics: the records of every thread (`telemetry(source)`; a job
 * worker's arrive through its port), plus gauges read when scraped (the queue from the database,
 * live streams) and Node's own (event-loop delay, memory, GC, CPU).
 */
export class BooksTrackMetrics {
  readonly registry = new Registry();
  private readonly m: MetricSet;
  private sources: MetricsSources | undefined;
  /** Each thread's breaker per provider (`source/provider`): the gauge counts breakers by state. */
  private readonly breakers = new Map<string, { provider: string; state: BreakerState }>();
  private readonly framesCounted: Record<StreamTransport, number> = { ws: 0, sse: 0 };

  constructor(private readonly opts: MetricsOptions) {
    collectDefaultMetrics({ register: this.registry });
    this.m = defineMetrics(this.registry);
    this.m.info.set(opts.info, 1);
    for (const kind of opts.kinds) {
      this.m.jobsStarted.inc({ kind }, 0);
      for (const outcome of TERMINAL_JOB_STATUSES) this.m.jobsFinished.inc({ kind, outcome }, 0);
    }
    for (const limit of ['starts', 'reads']) this.m.rateLimited.inc({ limit }, 0);
    for (const transport of TRANSPORTS) this.m.framesSent.inc({ transport }, 0);
  }

  /** Where the scrape-time gauges come from (the job system exists after the metrics). */
  watch(sources: MetricsSources): void {
    this.sources = sources;
  }

  /** A `Telemetry` that records here on behalf of `source` (a thread: `main`, `worker-1`). */
  telemetry(source = 'main'): Telemetry {
    return { record: (record) => this.record(record, source) };
  }

  /** A thread is gone (a job worker exited): its breakers no longer exist. */
  forget(source: string): void {
    for (const key of this.breakers.keys()) if (key.startsWith(`${source}/`)) this.breakers.delete(key);
  }

  record(record: TelemetryRecord, source: string): void {
    const m = this.m;
    switch (record.type) {
      case 'job_started':
        m.jobsStarted.inc({ kind: record.kind });
        return;
      case 'job_claimed':
        m.jobQueue.observe({ kind: record.kind }, record.queuedMs / 1000);
        return;
      case 'job_finished':
        m.jobsFinished.inc({ kind: record.kind, outcome: record.outcome });
        if (record.ranMs !== undefined) m.jobDuration.observe({ kind: record.kind, outcome: record.outcome }, record.ranMs / 1000);
        return;
      case 'items_decided':
        for (const [status, n] of Object.entries(record.counts)) m.itemsDecided.inc({ kind: record.kind, status }, n);
        return;
      case 'review_decided':
        m.reviewDecisions.inc({ action: record.action });
        return;
      case 'events_appended':
        for (const [type, n] of Object.entries(record.counts)) m.eventsAppended.inc({ type }, n);
        return;
      case 'provider_request':
        m.providerRequests.inc({ provider: record.provider, outcome: record.outcome });
        m.providerSeconds.observe({ provider: record.provider }, record.seconds);
        return;
      case 'breaker':
        this.breakers.set(`${source}/${record.provider}`, { provider: record.provider, state: record.state });
        return;
      case 'gemini_tokens':
        m.geminiTokens.inc({ type: 'prompt' }, record.prompt);
        m.geminiTokens.inc({ type: 'output' }, record.output);
        if (record.thoughts > 0) m.geminiTokens.inc({ type: 'thoughts' }, record.thoughts);
        return;
      case 'rate_limited':
        m.rateLimited.inc({ limit: record.limit });
        return;
    }
  }

  /** The Prometheus text exposition, with the scrape-time gauges read first. */
  async scrape(): Promise<string> {
    await this.refresh();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async refresh(): Promise<void> {
    const m = this.m;
    m.breakers.reset();
    for (const provider of new Set([...this.breakers.values()].map((b) => b.provider))) {
      for (const state of BREAKER_STATES) m.breakers.set({ provider, state }, 0);
    }
    for (const { provider, state } of this.breakers.values()) m.breakers.inc({ provider, state });
    const sources = this.sources;
    if (!sources) return;
    for (const transport of TRANSPORTS) {
      m.subscribers.set({ transport }, sources.streams.open[transport]);
      const sent = sources.streams.framesSent[transport];
      m.framesSent.inc({ transport }, sent - this.framesCounted[transport]);
      this.framesCounted[transport] = sent;
    }
    await this.refreshQueue(sources);
  }

  /** The queue gauges; while the database cannot answer they are left out rather than stale. */
  private async refreshQueue(sources: MetricsSources): Promise<void> {
    const m = this.m;
    m.jobsQueued.reset();
    m.jobsRunning.reset();
    m.jobsStalled.reset();
    let census: Awaited<ReturnType<MetricsSources['census']>>;
    try {
      census = await sources.census();
    } catch (error: unknown) {
      this.opts.logger.warn({ err: error }, 'metrics: the job queue could not be read; its gauges are left out of this scrape');
      return;
    }
    for (const kind of this.opts.kinds) {
      m.jobsQueued.set({ kind }, 0);
      m.jobsRunning.set({ kind }, 0);
    }
    for (const { kind, status, count } of census.unfinished) (status === 'queued' ? m.jobsQueued : m.jobsRunning).set({ kind }, count);
    for (const reason of STALL_REASONS) m.jobsStalled.set({ reason }, census.stalled[reason]);
  }
}
