import { afterEach, describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { createJobSystem } from '../../src/jobs/system.js';
import { isoTimestamp } from '../../src/jobs/timestamps.js';
import { collect, range, seqs, terminalOf } from '../helpers/events.js';
import { createTestJobSystem, testLogger } from '../helpers/job-system.js';
import { createTestRegistry } from '../helpers/test-jobs.js';

type Harness = ReturnType<typeof createTestJobSystem>;
const started: Pick<Harness, 'system'>[] = [];

function harness(options?: Parameters<typeof createTestJobSystem>[0]): Harness {
  const h = createTestJobSystem(options);
  started.push(h);
  h.system.start();
  return h;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((h) => h.system.stop()));
});

async function follow(h: Harness, jobId: string, after = 0): Promise<TJobEvent[]> {
  return collect(await h.system.queries.follow(jobId, after, new AbortController().signal));
}

describe('job engine', () => {
  it('runs a job and records its whole event sequence with contiguous seq', async () => {
    const h = harness();
    const { jobId, token, status } = await h.system.engine.enqueue('test.steps', { steps: 3, delayMs: 0 }, h.client);
    expect(status).toBe('queued');
    expect(token.length).toBeGreaterThanOrEqual(43);
    const events = await follow(h, jobId);
    expect(seqs(events)).toEqual(range(1, events.length));
    expect(events.map((e) => e.type)).toEqual(['status', 'status', 'phase', 'progress', 'progress', 'progress', 'completed']);
    const done = terminalOf(events);
    expect(done).toMatchObject({ type: 'completed', summary: { details: { steps: 3 } } });
    const snap = await h.system.queries.snapshot(jobId);
    expect(snap).toMatchObject({ status: 'completed', attempts: 1, lastSeq: events.length, progress: { done: 3, total: 3 } });
    expect(snap.expiresAt).not.toBeNull();
    expect(h.probe.executions).toEqual([`${jobId}:s0`, `${jobId}:s1`, `${jobId}:s2`]);
  });

  it('persists each event before publishing it', async () => {
    const h = harness();
    const checks: Promise<boolean>[] = [];
    const { jobId } = await h.system.engine.enqueue('test.steps', { steps: 2 }, h.client);
    // Read from the log as the event is published: it must be there already.
    h.system.bus.subscribe(jobId, (e) => checks.push(h.system.store.events.listAfter(jobId, e.seq - 1, 1).then((page) => page[0]?.seq === e.seq)));
    await follow(h, jobId);
    const seen = await Promise.all(checks);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every(Boolean)).toBe(true);
  });

  it('stores when each event was made to the millisecond; the event says the same time to the whole second', async () => {
    const h = harness();
    const before = Date.now();
    const { jobId } = await h.system.engine.enqueue('test.steps', { steps: 3, delayMs: 3 }, h.client);
    await follow(h, jobId);
    const after = Date.now();
    const rows = h.db.$client.prepare('SELECT at, event FROM job_events WHERE job_id = ? ORDER BY seq').all(jobId) as { at: number; event: string }[];
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(row.at).toBeGreaterThanOrEqual(before);
      expect(row.at).toBeLessThanOrEqual(after);
      expect((JSON.parse(row.event) as TJobEvent).at).toBe(isoTimestamp(row.at));
    }
    // Not all on a second boundary: the column keeps what the event's text drops.
    expect(rows.some((r) => r.at % 1000 !== 0)).toBe(true);
  });

  it('fences a run whose job was claimed again: it writes no event or step more, and stops without recording an outcome', async () => {
    const h = harness();
    const { jobId } = await h.system.engine.enqueue('test.steps', { steps: 40, delayMs: 15 }, h.client);
    while (h.probe.executions.length < 3) await new Promise((r) => setTimeout(r, 5));
    // Another process claimed the job (its lease ran out, say): the lease token changes under the run.
    h.db.$client.prepare("UPDATE jobs SET lease_owner = 'another-process:0123' WHERE id = ?").run(jobId);
    const takenOver = { seq: (await h.system.queries.snapshot(jobId)).lastSeq, steps: h.db.$client.prepare('SELECT count(*) AS n FROM job_steps WHERE job_id = ?').get(jobId) as { n: number }, executed: h.probe.executions.length };
    await new Promise((r) => setTimeout(r, 300));
    const later = await h.system.queries.snapshot(jobId);
    expect(later.lastSeq).toBe(takenOver.seq);
    expect(h.db.$client.prepare('SELECT count(*) AS n FROM job_steps WHERE job_id = ?').get(jobId)).toEqual(takenOver.steps);
    // At most the step that was in flight ran its work (its result was refused); none after it.
    expect(h.probe.executions.length - takenOver.executed).toBeLessThanOrEqual(1);
    // The run stopped and recorded nothing: the job is the new owner's, still running.
    expect(later.status).toBe('running');
    expect((h.db.$client.prepare('SELECT lease_owner FROM jobs WHERE id = ?').get(jobId) as { lease_owner: string }).lease_owner).toBe('another-process:0123');
    // No run of it is left in this runner (abort answers whether there was one).
    expect(h.system.executor.abort(jobId, 'canceled')).toBe(false);
  });

  it('ends a throwing handler with a failed event carrying code and message', async () => {
    const h = harness();
    const { jobId } = await h.system.engine.enqueue('test.steps', { steps: 3, throwAt: 1 }, h.client);
    const last = terminalOf(await follow(h, jobId));
    expect(last).toMatchObject({ type: 'failed', error: { code: 'HANDLER_ERROR', message: 'boom at step 1', retryable: false } });
    expect((await h.system.queries.snapshot(jobId)).error?.code).toBe('HANDLER_ERROR');
  });

  it('ends a job that makes no progress for the stall timeout, retryable, even when the handler ignores its signal', async () => {
    const h = harness({ stallTimeoutMs: 200 });
    for (const ignoreSignal of [false, true]) {
      const { jobId } = await h.system.engine.enqueue('test.timeout', { ms: 5_000, ignoreSignal }, h.client);
      const t0 = Date.now();
      const last = terminalOf(await follow(h, jobId));
      expect(last).toMatchObject({ type: 'failed', error: { code: 'JOB_TIMEOUT', retryable: true } });
      expect(last?.type === 'failed' && last.error.message).toContain('no progress');
      expect(Date.now() - t0).toBeLessThan(2_000);
    }
  });

  it('lets a job that keeps progressing run far past the stall timeout', async () => {
    const h = harness({ stallTimeoutMs: 500 });
    // 16 steps of 100 ms: over three stall periods in all, and each step leaves 400 ms of slack
    // for a loaded machine before it would count as a stall.
    const { jobId } = await h.system.engine.enqueue('test.steps', { steps: 16, delayMs: 100 }, h.client);
    const t0 = Date.now();
    const last = terminalOf(await follow(h, jobId));
    expect(last?.type).toBe('completed');
    expect(Date.now() - t0).toBeGreaterThan(1_500);
  });

  it('sends a sign of life every heartbeat while the handler is quiet, without counting it as progress', async () => {
    const h = harness({ progressHeartbeatMs: 50, stallTimeoutMs: 400 });
    const { jobId } = await h.system.engine.enqueue('test.quiet', { ms: 5_000 }, h.client);
    const arrivals: number[] = [];
    h.system.bus.subscribe(jobId, () => arrivals.push(performance.now()));
    const events = await follow(h, jobId);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(new Set(progress.map((e) => e.message))).toEqual(new Set(['waiting for the fake provider']));
    const gaps = arrivals.slice(1).map((t, i) => t - (arrivals[i] ?? t));
    // Heartbeats every 50 ms (checked every 12 ms); 250 ms leaves room for a loaded machine.
    expect(Math.max(...gaps)).toBeLessThan(250);
    // The heartbeats said the job was alive, not that it moved: it still stalled.
    expect(terminalOf(events)).toMatchObject({ type: 'failed', error: { code: 'JOB_TIMEOUT', retryable: true } });
  });

  it('cancels a running job within a second, a queued one at once, and is idempotent', async () => {
    const h = harness();
    const running = await h.system.engine.enqueue('test.sleep', { ms: 30_000 }, h.client);
    const stream = follow(h, running.jobId);
    await waitFor(async () => (await h.system.queries.snapshot(running.jobId)).status === 'running');
    const t0 = Date.now();
    await h.system.engine.cancel(running.jobId);
    const last = terminalOf(await stream);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(last?.type).toBe('canceled');
    expect((await h.system.engine.cancel(running.jobId)).status).toBe('canceled');
    expect((await follow(h, running.jobId)).filter((e) => e.type === 'canceled')).toHaveLength(1);

    await h.system.stop();
    const queued = await h.system.engine.enqueue('test.sleep', { ms: 10 }, h.client);
    expect((await h.system.engine.cancel(queued.jobId)).status).toBe('canceled');
  });

  it('retries a retryable failure with backoff and then completes', async () => {
    const h = harness();
    const { jobId } = await h.system.engine.enqueue('test.flaky', { failTimes: 1, mode: 'retryable' }, h.client);
    const events = await follow(h, jobId);
    expect(events.find((e) => e.type === 'warning')).toMatchObject({ code: 'retrying' });
    expect(terminalOf(events)?.type).toBe('completed');
    expect((await h.system.queries.snapshot(jobId)).attempts).toBe(2);
  });

  it('fails with the retryable error once attempts run out', async () => {
    const h = harness();
    const { jobId } = await h.system.engine.enqueue('test.flaky', { failTimes: 5, mode: 'retryable' }, h.client);
    const last = terminalOf(await follow(h, jobId));
    expect(last).toMatchObject({ type: 'failed', error: { code: 'PROVIDER_UNAVAILABLE', retryable: true } });
    expect((await h.system.queries.snapshot(jobId)).attempts).toBe(2);
  });

  it('waits out a Retry-After without spending attempts', async () => {
    const h = harness();
    const { jobId } = await h.system.engine.enqueue('test.flaky', { failTimes: 4, mode: 'retry-after' }, h.client);
    const events = await follow(h, jobId);
    expect(events.filter((e) => e.type === 'warning' && e.code === 'retry_after')).toHaveLength(4);
    expect(terminalOf(events)?.type).toBe('completed');
    expect((await h.system.queries.snapshot(jobId)).attempts).toBe(1);
  });

  it('gives the same job for the same idempotency key, with a working token each time', async () => {
    const h = harness();
    const a = await h.system.engine.enqueue('test.sleep', { ms: 1 }, { ...h.client, idempotencyKey: 'k1' });
    const b = await h.system.engine.enqueue('test.sleep', { ms: 1 }, { ...h.client, idempotencyKey: 'k1' });
    expect(b.jobId).toBe(a.jobId);
    expect(b.token).not.toBe(a.token);
    expect(await h.system.queries.access(a.jobId, a.token)).toBe('ok');
    expect(await h.system.queries.access(a.jobId, b.token)).toBe('ok');
    expect(await h.system.queries.access(a.jobId, 'nope')).toBe('unauthorized');
    const other = await h.system.engine.enqueue('test.sleep', { ms: 1 }, { clientKey: 'someone-else', idempotencyKey: 'k1' });
    expect(other.jobId).not.toBe(a.jobId);
    await expect(h.system.engine.enqueue('test.sleep', { ms: 2 }, { ...h.client, idempotencyKey: 'k1' })).rejects.toThrow(
      expect.objectContaining({ code: 'IDEMPOTENCY_CONFLICT' }),
    );
  });

  it('rejects input that does not match the kind schema', async () => {
    const h = harness();
    await expect(h.system.engine.enqueue('test.steps', { steps: -1, delayMs: 0 }, h.client)).rejects.toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('coalesces progress: thousands of reports become a few events, and the last one is always sent', async () => {
    const h = harness({ progressIntervalMs: 250 });
    const { jobId } = await h.system.engine.enqueue('test.progress', { events: 5_000, every: 50 }, h.client);
    const progress = (await follow(h, jobId)).filter((e) => e.type === 'progress');
    expect(progress.length).toBeLessThan(50);
    expect(progress.at(-1)).toMatchObject({ done: 5_000, total: 5_000 });
  });

  it('re-runs only transiently failed items on retryFailed, continuing the same stream', async () => {
    const h = harness();
    h.probe.providerDown = true;
    const { jobId } = await h.system.engine.enqueue('test.items', { count: 10 }, h.client);
    const first = await follow(h, jobId);
    expect(terminalOf(first)).toMatchObject({ type: 'completed', summary: { counts: { matched: 5, provider_unavailable: 5 } } });
    expect(first.filter((e) => e.type === 'item' && e.status === 'provider_unavailable')).toHaveLength(5);

    h.probe.providerDown = false;
    const { retriedItems } = await h.system.engine.retryFailed(jobId);
    expect(retriedItems).toBe(5);
    const rest = await follow(h, jobId, first.length);
    expect(seqs(rest)).toEqual(range(first.length + 1, first.length + rest.length));
    expect(terminalOf(rest)).toMatchObject({ type: 'completed', summary: { itemCount: 10, counts: { matched: 10 } } });
    await expect(h.system.engine.retryFailed(jobId)).rejects.toThrow(expect.objectContaining({ code: 'JOB_NOT_RETRYABLE' }));
  });

  it('resumes a job whose lease expired (its process died) without redoing finished steps', async () => {
    const h = createTestJobSystem({ leaseMs: 200 });
    started.push(h);
    const { jobId } = await h.system.engine.enqueue('test.steps', { steps: 4 }, h.client);
    // Simulate a dead process: the job is running under someone else's lease, two steps done.
    expect(await h.store.jobs.claimNext('test.steps', 'dead-process', Date.now(), 1_000)).toMatchObject({ status: 'running', attempts: 1 });
    h.db.$client.prepare('update jobs set lease_expires_at = ? where id = ?').run(Date.now() - 1, jobId);
    h.db.$client.prepare(`insert into job_steps (job_id, key, value, created_at) values (?, 's0', '0', 0), (?, 's1', '1', 0)`).run(jobId, jobId);
    h.system.start();
    const events = await follow(h, jobId);
    expect(events.find((e) => e.type === 'warning')).toMatchObject({ code: 'resumed' });
    expect(terminalOf(events)?.type).toBe('completed');
    expect(h.probe.executions).toEqual([`${jobId}:s2`, `${jobId}:s3`]);
  });

  it('reports a run nobody carries on, and a queue nobody takes from, as stalled; cancel ends the orphaned run at once', async () => {
    // No runner is started here: nothing takes jobs, as when every worker is gone.
    const h = createTestJobSystem({ stallAfterMs: 1_000 });
    started.push(h);
    const { queries, engine } = h.system;
    const running = await engine.enqueue('test.steps', { steps: 3 }, h.client);
    const waiting = await engine.enqueue('test.sleep', { ms: 10 }, h.client);
    expect((await queries.snapshot(waiting.jobId)).stalled).toBeNull();
    expect(await queries.queueProblem()).toBeNull();
    expect((await queries.census()).stalled).toEqual({ no_progress: 0, no_worker: 0 });

    // The first was claimed by a worker that died 5 s ago; the second has waited 5 s.
    expect(await h.store.jobs.claimNext('test.steps', 'dead-worker', Date.now(), 1_000)).toMatchObject({ id: running.jobId });
    const silentSince = (at: number) => {
      h.db.$client.prepare('update jobs set updated_at = ? where id = ?').run(at, running.jobId);
      h.db.$client.prepare(`update job_events set at = ?, event = json_set(event, '$.at', ?) where job_id = ?`).run(at, isoTimestamp(at), running.jobId);
    };
    silentSince(Date.now() - 5_000);
    h.db.$client.prepare('update jobs set lease_expires_at = ? where id = ?').run(Date.now() - 4_000, running.jobId);
    h.db.$client.prepare('update jobs set run_after = ? where id = ?').run(Date.now() - 5_000, waiting.jobId);
    const stalled = await queries.snapshot(running.jobId);
    expect(stalled).toMatchObject({ status: 'running', stalled: { reason: 'no_progress', message: expect.stringMatching(/^running, but nothing heard from it for 5 s/) as unknown } });
    expect(await queries.snapshot(waiting.jobId)).toMatchObject({ status: 'queued', stalled: { reason: 'no_worker', message: expect.stringContaining('no worker is taking jobs') as unknown } });
    expect((await queries.list({ limit: 10 })).jobs.map((j) => [j.jobId, j.stalled?.reason])).toEqual(
      expect.arrayContaining([[running.jobId, 'no_progress'], [waiting.jobId, 'no_worker']]) as unknown,
    );
    expect(await queries.queueProblem()).toMatch(/^no worker is taking jobs: 1 queued, the oldest for 5 s, and none running$/);
    // The metrics count them the same way.
    const census = await queries.census();
    expect(census.stalled).toEqual({ no_progress: 1, no_worker: 1 });
    expect(census.unfinished).toEqual(
      expect.arrayContaining([
        { kind: 'test.steps', status: 'running', count: 1 },
        { kind: 'test.sleep', status: 'queued', count: 1 },
      ]) as unknown,
    );

    // A newer event than the row's last write is a sign of life too.
    await h.store.jobs.change(running.jobId, { now: Date.now(), events: [{ type: 'warning', code: 'note', message: 'still here' }] });
    h.db.$client.prepare('update jobs set updated_at = ? where id = ?').run(Date.now() - 5_000, running.jobId);
    expect((await queries.snapshot(running.jobId)).stalled).toBeNull();
    expect((await queries.census()).stalled.no_progress).toBe(0);
    silentSince(Date.now() - 5_000);
    expect((await queries.snapshot(running.jobId)).stalled?.reason).toBe('no_progress');

    // Its lease has run out and no worker holds it: cancel ends it at once, with its terminal event.
    expect(await engine.cancel(running.jobId)).toMatchObject({ status: 'canceled', stalled: null });
    expect(terminalOf(await follow(h, running.jobId))?.type).toBe('canceled');
  });

  /** A job claimed by a process that then died: its `running` event, optionally a step stored after it, attempts used up. */
  async function deadRun(h: ReturnType<typeof createTestJobSystem>, attempts: number, storedStep: boolean): Promise<string> {
    const { jobId } = await h.system.engine.enqueue('test.steps', { steps: 3 }, h.client);
    await h.store.jobs.claimNext('test.steps', 'dead-process', Date.now(), 1_000);
    const runAt = Date.now() - 50;
    const seq = (h.db.$client.prepare('update jobs set last_seq = last_seq + 1, attempts = ?, lease_expires_at = ? where id = ? returning last_seq').get(attempts, Date.now() - 1, jobId) as { last_seq: number }).last_seq;
    const event = { jobId, seq, at: isoTimestamp(runAt), type: 'status', status: 'running', attempt: attempts };
    h.db.$client.prepare('insert into job_events (job_id, seq, type, at, event) values (?, ?, ?, ?, ?)').run(jobId, seq, 'status', runAt, JSON.stringify(event));
    if (storedStep) h.db.$client.prepare(`insert into job_steps (job_id, key, value, created_at) values (?, 's0', '0', ?)`).run(jobId, runAt + 10);
    return jobId;
  }

  it('a job interrupted on its last attempt after storing work resumes without spending the attempt', async () => {
    const h = createTestJobSystem({ leaseMs: 200 });
    started.push(h);
    const jobId = await deadRun(h, 3, true);
    h.system.start();
    const events = await follow(h, jobId);
    expect(events.find((e) => e.type === 'warning')).toMatchObject({ code: 'resumed' });
    expect(terminalOf(events)?.type).toBe('completed');
    expect(h.probe.executions).toEqual([`${jobId}:s1`, `${jobId}:s2`]);
  });

  it('a job interrupted on its last attempt without storing anything fails as JOB_INTERRUPTED (a process-crashing job does not loop)', async () => {
    const h = createTestJobSystem({ leaseMs: 200 });
    started.push(h);
    const jobId = await deadRun(h, 3, false);
    h.system.start();
    const events = await follow(h, jobId);
    expect(terminalOf(events)).toMatchObject({ type: 'failed', error: { code: 'JOB_INTERRUPTED', retryable: true, message: expect.stringContaining('without making progress') as unknown } });
    expect(h.probe.executions).toEqual([]);
  });

  it('puts a run whose database went away back in the queue (its attempt refunded), not failed, and it finishes once the database is back', async () => {
    // The harness's store, under a job system of the test's own (the harness's stays unstarted).
    const { store, probe } = createTestJobSystem();
    // The store fails every write of steps for a while, as PostgreSQL does while it restarts.
    let down = true;
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const flaky = {
      ...store,
      unavailable: (error: unknown) => error === outage,
      jobs: { ...store.jobs, change: (jobId: string, c: Parameters<typeof store.jobs.change>[1]) => (down && c.step ? Promise.reject(outage) : store.jobs.change(jobId, c)) },
    };
    const system = createJobSystem({ store: flaky, registry: createTestRegistry(probe), providers: { metadata: [] }, logger: testLogger, options: { pollIntervalMs: 20, progressIntervalMs: 0, backoff: { baseMs: 50, maxMs: 100 } } });
    system.start();
    started.push({ system });
    const { jobId } = await system.engine.enqueue('test.steps', { steps: 3 }, { clientKey: 'outage' });
    const stream = collect(await system.queries.follow(jobId, 0, new AbortController().signal));
    await new Promise((r) => setTimeout(r, 300));
    down = false;
    const events = await stream;
    const warnings = events.filter((e) => e.type === 'warning');
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]).toMatchObject({ code: 'database_unavailable' });
    expect(terminalOf(events)).toMatchObject({ type: 'completed', summary: { details: { steps: 3 } } });
    // Each requeue gave its attempt back: however long the outage, the job did not run out of attempts.
    expect((await system.queries.snapshot(jobId)).attempts).toBe(1);
    expect(seqs(events)).toEqual(range(1, events.length));
  });

  it('releases running jobs at shutdown and resumes them in the next process on the same database', async () => {
    const h = harness();
    const { jobId } = await h.system.engine.enqueue('test.steps', { steps: 6, delayMs: 60 }, h.client);
    await waitFor(() => h.probe.executions.length >= 2);
    await h.system.stop();
    const afterStop = await h.system.queries.snapshot(jobId);
    expect(afterStop).toMatchObject({ status: 'queued', attempts: 0 });

    const next = createJobSystem({ store: h.store, registry: createTestRegistry(h.probe), providers: { metadata: [] }, logger: testLogger, options: { pollIntervalMs: 20 } });
    next.start();
    try {
      const last = terminalOf(await collect(await next.queries.follow(jobId, 0, new AbortController().signal)));
      expect(last?.type).toBe('completed');
      expect(new Set(h.probe.executions).size).toBe(h.probe.executions.length);
      expect(h.probe.executions).toHaveLength(6);
    } finally {
      await next.stop();
    }
  });

  it('purges expired jobs with their events, items and blobs', async () => {
    const h = harness({ resultsTtlMs: 1_000 });
    const sha = await h.system.blobs.put(Buffer.from('photo bytes'), 'image/jpeg', Date.now() - 3_600_000);
    const { jobId } = await h.system.engine.enqueue('test.items', { count: 3 }, { ...h.client, blobs: [{ sha256: sha, role: 'photo' }] });
    await follow(h, jobId);
    expect((await h.system.blobs.read(sha)).toString()).toBe('photo bytes');
    expect(await h.system.purgeNow()).toEqual({ jobs: 0, blobs: 0, cacheEntries: 0 });
    h.db.$client.prepare('update jobs set expires_at = ? where id = ?').run(Date.now() - 1, jobId);
    expect(await h.system.purgeNow()).toEqual({ jobs: 1, blobs: 1, cacheEntries: 0 });
    expect(await h.system.queries.exists(jobId)).toBe(false);
    await expect(h.system.blobs.read(sha)).rejects.toThrow();
    expect(h.db.$client.prepare('select count(*) as n from job_events where job_id = ?').get(jobId)).toEqual({ n: 0 });
  });

  it('gives a slow subscriber every event exactly once even when its live backlog overflows', async () => {
    const h = harness({ subscriberHighWaterMark: 3 });
    const { jobId } = await h.system.engine.enqueue('test.progress', { events: 300, every: 300 }, h.client);
    const received: number[] = [];
    for await (const e of await h.system.queries.follow(jobId, 0, new AbortController().signal)) {
      received.push(e.seq);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(received).toEqual(range(1, received.length));
    expect(received.length).toBeGreaterThan(300);
  });
});

async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
