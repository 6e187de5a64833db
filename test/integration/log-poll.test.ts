import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { openDatabase } from '../../src/db/client.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import { LogPoll } from '../../src/jobs/log-poll.js';
import { createJobSystem } from '../../src/jobs/system.js';
import { EventTail } from '../../src/jobs/worker/event-tail.js';
import { collect, range, seqs } from '../helpers/events.js';
import { testLogger } from '../helpers/job-system.js';
import { testTempDir } from '../helpers/temp-dir.js';
import { createProbe, createTestRegistry } from '../helpers/test-jobs.js';

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** A job system on the database file at `path`, as one process of several would open it. */
function processOn(path: string, opts: { registry?: ReturnType<typeof createTestRegistry>; eventPollMs?: number } = {}) {
  const db = openDatabase(path);
  const store = createSqliteStore(db, testTempDir('blobs-'));
  const system = createJobSystem({
    store,
    registry: opts.registry ?? createTestRegistry(createProbe()),
    providers: { metadata: [] },
    logger: testLogger,
    options: { pollIntervalMs: 20, progressIntervalMs: 0, eventPollMs: opts.eventPollMs ?? 0 },
  });
  stops.push(() => {
    db.$client.close();
  });
  return { store, system };
}

describe('LogPoll: live events written by another process', () => {
  it('brings a job run by a worker process to the followers of an api process sharing the database, every event once', async () => {
    const path = join(testTempDir('two-processes-'), 'bookstrack.db');
    const worker = processOn(path);
    worker.system.start();
    stops.push(() => worker.system.stop());
    // The api process runs no jobs: it starts them and serves their followers.
    const api = processOn(path);
    const tail = new EventTail(api.store.events, api.system.bus, testLogger);
    const poll = new LogPoll({ jobs: api.store.jobs, bus: api.system.bus, tail, logger: testLogger }, 50);
    poll.start();
    stops.push(() => poll.stop());

    const { jobId } = await api.system.engine.enqueue('test.steps', { steps: 6, delayMs: 30 }, { clientKey: 'two-processes' });
    const events: TJobEvent[] = await collect(await api.system.queries.follow(jobId, 0, new AbortController().signal), 10_000);
    expect(seqs(events)).toEqual(range(1, events.length));
    expect(events.at(-1)?.type).toBe('completed');
    expect(events.filter((e) => e.type === 'progress')).toHaveLength(6);
  });

  it('runs in a job system that also runs jobs (eventPollMs): its followers get the events of jobs another process runs', async () => {
    const path = join(testTempDir('mixed-'), 'bookstrack.db');
    const runner = processOn(path);
    runner.system.start();
    stops.push(() => runner.system.stop());
    // This process runs jobs too, but not this kind: the other process runs it.
    const { 'test.steps': _notHere, ...otherKinds } = createTestRegistry(createProbe());
    const serving = processOn(path, { registry: otherKinds as ReturnType<typeof createTestRegistry>, eventPollMs: 50 });
    serving.system.start();
    stops.push(() => serving.system.stop());

    const { jobId } = await runner.system.engine.enqueue('test.steps', { steps: 5, delayMs: 30 }, { clientKey: 'mixed' });
    const events = await collect(await serving.system.queries.follow(jobId, 0, new AbortController().signal), 10_000);
    expect(seqs(events)).toEqual(range(1, events.length));
    expect(events.at(-1)?.type).toBe('completed');
  });

  it('looks only at the jobs followed here, in one query, and hands on only those with new events', async () => {
    const api = processOn(join(testTempDir('poll-'), 'bookstrack.db'));
    const tail = new EventTail(api.store.events, api.system.bus, testLogger);
    const asked: string[][] = [];
    const jobs = api.store.jobs;
    const poll = new LogPoll({ jobs: { lastSeqs: (ids) => (asked.push([...ids]), jobs.lastSeqs(ids)) }, bus: api.system.bus, tail, logger: testLogger });
    const a = await api.system.engine.enqueue('test.steps', { steps: 1 }, { clientKey: 'p' });
    await api.system.engine.enqueue('test.steps', { steps: 1 }, { clientKey: 'p' });
    expect(await poll.poll()).toBe(0);
    const unsubscribe = api.system.bus.subscribe(a.jobId, () => undefined);
    expect(await poll.poll()).toBe(1);
    await expect.poll(() => tail.idle()).toBe(true);
    // Handed on once: the tail has published up to there.
    expect(await poll.poll()).toBe(0);
    expect(asked).toEqual([[], [a.jobId], [a.jobId]]);
    unsubscribe();
  });
});
