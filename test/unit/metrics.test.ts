import { describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { changeRecords } from '../../src/jobs/job-telemetry.js';
import { BooksTrackMetrics } from '../../src/server/metrics/metrics.js';
import { StreamStats } from '../../src/server/stream-stats.js';
import { testLogger } from '../helpers/job-system.js';
import { parsePrometheus } from '../helpers/prometheus.js';

const T = Date.parse('2026-12-03T10:00:00.000Z');
const at = (ms: number) => new Date(T + ms).toISOString();
const base = { jobId: 'j1', at: at(0) };
const job = { kind: 'csv-import', runAfter: T - 2_500, startedAt: T, finishedAt: T + 61_000 };

describe('changeRecords: what a committed change tells the metrics', () => {
  it('a claim with its time in the queue, items decided (created already decided too), the end with its run time', () => {
    const running: TJobEvent = { ...base, seq: 2, type: 'status', status: 'running', attempt: 1 };
    expect(changeRecords(job, undefined, [running])).toEqual([
      { type: 'events_appended', counts: { status: 1 } },
      { type: 'job_claimed', kind: 'csv-import', queuedMs: 2_500 },
    ]);
    const items = {
      create: [{ index: 0, input: {}, status: 'invalid' as const }, { index: 1, input: {} }, { index: 2, input: {}, status: 'pending' as const }],
      outcomes: [
        { index: 1, outcome: { status: 'matched' as const } },
        { index: 3, outcome: { status: 'matched' as const } },
        { index: 4, outcome: { status: 'not_found' as const } },
      ],
      putPending: [{ index: 5, input: {} }],
    };
    const item: TJobEvent = { ...base, seq: 3, type: 'item', index: 4, status: 'not_found' };
    expect(changeRecords(job, items, [item])).toEqual([
      { type: 'events_appended', counts: { item: 1 } },
      { type: 'items_decided', kind: 'csv-import', counts: { matched: 2, not_found: 1, invalid: 1 } },
    ]);
    const summary = { itemCount: 5, counts: {}, durationMs: 61_000 };
    const ended: TJobEvent[] = [
      { ...base, seq: 4, type: 'progress', phase: 'finalizing', done: 5, total: 5 },
      { ...base, seq: 5, type: 'completed', summary },
    ];
    expect(changeRecords(job, undefined, ended)).toEqual([
      { type: 'events_appended', counts: { progress: 1, completed: 1 } },
      { type: 'job_finished', kind: 'csv-import', outcome: 'completed', ranMs: 61_000 },
    ]);
  });

  it('a job canceled while queued never ran; a review decision needs no job row; a change without events or decisions tells nothing', () => {
    const canceled: TJobEvent = { ...base, seq: 2, type: 'canceled', summary: { itemCount: 0, counts: {}, durationMs: 0 } };
    expect(changeRecords({ ...job, startedAt: null, finishedAt: T }, undefined, [canceled])).toContainEqual({ type: 'job_finished', kind: 'csv-import', outcome: 'canceled', ranMs: undefined });
    const review: TJobEvent = { ...base, seq: 9, type: 'review', index: 2, action: 'edit', status: 'matched' };
    expect(changeRecords(undefined, undefined, [review])).toEqual([
      { type: 'events_appended', counts: { review: 1 } },
      { type: 'review_decided', action: 'edit' },
    ]);
    expect(changeRecords(job, { putPending: [{ index: 0, input: {} }] }, [])).toEqual([]);
  });
});

describe('BooksTrackMetrics', () => {
  const metricsWith = (census: () => Promise<{ unfinished: { kind: string; status: 'queued' | 'running'; count: number }[]; stalled: { no_progress: number; no_worker: number } }>) => {
    const metrics = new BooksTrackMetrics({ info: { version: '1.2.3', role: 'all', database: 'sqlite' }, kinds: ['csv-import', 'shelf-scan'], logger: testLogger });
    const streams = new StreamStats();
    metrics.watch({ census, streams });
    return { metrics, streams };
  };

  it('counts breakers per thread by state, and forgets a thread that is gone', async () => {
    const { metrics } = metricsWith(() => Promise.resolve({ unfinished: [], stalled: { no_progress: 0, no_worker: 0 } }));
    metrics.record({ type: 'breaker', provider: 'openlibrary', state: 'closed' }, 'main');
    metrics.record({ type: 'breaker', provider: 'openlibrary', state: 'closed' }, 'worker-0');
    metrics.record({ type: 'breaker', provider: 'openlibrary', state: 'open' }, 'worker-0');
    metrics.record({ type: 'breaker', provider: 'openlibrary', state: 'open' }, 'worker-1');
    let s = parsePrometheus(await metrics.scrape());
    expect([s.sum('bookstrack_provider_breakers', { state: 'closed' }), s.sum('bookstrack_provider_breakers', { state: 'open' }), s.sum('bookstrack_provider_breakers', { state: 'half_open' })]).toEqual([1, 2, 0]);
    metrics.forget('worker-1');
    s = parsePrometheus(await metrics.scrape());
    expect(s.sum('bookstrack_provider_breakers', { state: 'open' })).toBe(1);
  });

  it('reads the queue and the streams at each scrape; frames are a counter; a census that fails leaves the queue gauges out', async () => {
    let fail = false;
    const { metrics, streams } = metricsWith(() =>
      fail ? Promise.reject(new Error('database is locked')) : Promise.resolve({ unfinished: [{ kind: 'csv-import', status: 'queued', count: 4 }, { kind: 'csv-import', status: 'running', count: 1 }], stalled: { no_progress: 1, no_worker: 0 } }),
    );
    const close = streams.opened('sse');
    streams.opened('ws');
    streams.framesSent.sse += 7;
    let s = parsePrometheus(await metrics.scrape());
    expect(s.sum('bookstrack_jobs_queued', { kind: 'csv-import' })).toBe(4);
    expect(s.sum('bookstrack_jobs_queued', { kind: 'shelf-scan' })).toBe(0);
    expect(s.sum('bookstrack_jobs_running', { kind: 'csv-import' })).toBe(1);
    expect(s.sum('bookstrack_jobs_stalled', { reason: 'no_progress' })).toBe(1);
    expect(s.sum('bookstrack_live_subscribers', { transport: 'sse' })).toBe(1);
    expect(s.sum('bookstrack_stream_frames_sent_total', { transport: 'sse' })).toBe(7);
    close();
    close();
    streams.framesSent.sse += 3;
    fail = true;
    s = parsePrometheus(await metrics.scrape());
    expect(s.sum('bookstrack_live_subscribers', { transport: 'sse' })).toBe(0);
    expect(s.sum('bookstrack_live_subscribers', { transport: 'ws' })).toBe(1);
    expect(s.sum('bookstrack_stream_frames_sent_total', { transport: 'sse' })).toBe(10);
    expect(s.has('bookstrack_jobs_queued')).toBe(false);
    expect(s.typeOf('bookstrack_stream_frames_sent_total')).toBe('counter');
  });

  it('turns records into series: durations in seconds, items and events by label, tokens by type', async () => {
    const { metrics } = metricsWith(() => Promise.resolve({ unfinished: [], stalled: { no_progress: 0, no_worker: 0 } }));
    const t = metrics.telemetry('worker-0');
    t.record({ type: 'job_finished', kind: 'shelf-scan', outcome: 'failed', ranMs: 4_000 });
    t.record({ type: 'job_finished', kind: 'shelf-scan', outcome: 'canceled', ranMs: undefined });
    t.record({ type: 'items_decided', kind: 'shelf-scan', counts: { matched: 3, needs_review: 2 } });
    t.record({ type: 'events_appended', counts: { item: 2, progress: 5 } });
    t.record({ type: 'gemini_tokens', prompt: 1_200, output: 80, thoughts: 0 });
    t.record({ type: 'provider_request', provider: 'gemini', outcome: 'ok', seconds: 3.2 });
    const s = parsePrometheus(await metrics.scrape());
    expect(s.sum('bookstrack_jobs_finished_total', { kind: 'shelf-scan' })).toBe(2);
    expect(s.sum('bookstrack_jobs_finished_total', { kind: 'csv-import', outcome: 'completed' })).toBe(0);
    expect(s.sum('bookstrack_job_duration_seconds_sum', { kind: 'shelf-scan', outcome: 'failed' })).toBe(4);
    expect(s.sum('bookstrack_job_duration_seconds_count')).toBe(1);
    expect(s.sum('bookstrack_job_duration_seconds_bucket', { kind: 'shelf-scan', outcome: 'failed', le: '5' })).toBe(1);
    expect(s.sum('bookstrack_items_decided_total', { status: 'needs_review' })).toBe(2);
    expect(s.sum('bookstrack_job_events_appended_total')).toBe(7);
    expect(s.sum('bookstrack_gemini_tokens_total', { type: 'prompt' })).toBe(1_200);
    expect(s.has('bookstrack_gemini_tokens_total') && s.samples.some((x) => x.labels.type === 'thoughts')).toBe(false);
    expect(s.sum('bookstrack_provider_request_duration_seconds_bucket', { provider: 'gemini', le: '5' })).toBe(1);
    expect(s.sum('bookstrack_provider_request_duration_seconds_bucket', { provider: 'gemini', le: '2.5' })).toBe(0);
  });
});
