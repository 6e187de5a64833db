import { afterEach, describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import type { JobEventBus, JobEventListener } from '../../src/jobs/event-bus.js';
import type { FollowDeps } from '../../src/jobs/follow.js';
import { followLive, type LiveSink } from '../../src/jobs/live-follow.js';
import { collect, range, seqs } from '../helpers/events.js';
import { createTestJobSystem } from '../helpers/job-system.js';

type Harness = ReturnType<typeof createTestJobSystem>;
const started: Harness[] = [];

function harness(): Harness {
  const h = createTestJobSystem();
  started.push(h);
  h.system.start();
  return h;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((h) => h.system.stop()));
});

/** A sink that records what it gets; `paused` makes `ready()` wait until `resume()`. */
function recordingSink() {
  const sent: TJobEvent[] = [];
  let ends = 0;
  let failure: unknown;
  let paused = false;
  let resume: () => void = () => undefined;
  let ended: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const sink: LiveSink = {
    send: (event) => sent.push(event),
    ready: () => (paused ? new Promise<void>((resolve) => (resume = resolve)) : null),
    end: () => {
      ends++;
      ended();
    },
    fail: (error) => {
      failure = error;
      ended();
    },
  };
  return {
    sink,
    sent,
    done,
    ends: () => ends,
    failure: () => failure,
    pause: () => (paused = true),
    resume: () => {
      paused = false;
      resume();
    },
  };
}

/** Follow deps on the harness's database, with a small page so replays cross page boundaries. */
function followDeps(h: Harness, bus: Pick<JobEventBus, 'subscribe'> = h.system.bus): FollowDeps {
  return { jobs: h.store.jobs, events: h.store.events, bus: bus as JobEventBus, pageSize: 7, highWaterMark: 10_000 };
}

const within = <T>(promise: Promise<T>, ms = 10_000): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms).unref())]);

describe('followLive (the pushed job stream)', () => {
  it('sends what followJob yields, from the start and from a resume point, and ends once after the terminal event', async () => {
    const h = harness();
    const { jobId } = await h.system.engine.enqueue('test.progress', { events: 200, every: 10 }, h.client);
    const live = recordingSink();
    followLive(followDeps(h), jobId, 0, live.sink, new AbortController().signal);
    await within(live.done);
    const pulled = await collect(await h.system.queries.follow(jobId, 0, new AbortController().signal));
    expect(seqs(live.sent)).toEqual(range(1, pulled.length));
    expect(live.sent.map((e) => e.type)).toEqual(pulled.map((e) => e.type));
    expect(live.sent.at(-1)?.type).toBe('completed');
    expect(live.ends()).toBe(1);

    const resumed = recordingSink();
    followLive(followDeps(h), jobId, 150, resumed.sink, new AbortController().signal);
    await within(resumed.done);
    expect(seqs(resumed.sent)).toEqual(range(151, pulled.length));
    expect(h.system.bus.subscriberCount(jobId)).toBe(0);
  });

  it('fills a gap in what it was published from the log', async () => {
    const h = harness();
    const { jobId } = await h.system.engine.enqueue('test.progress', { events: 60, every: 1 }, h.client);
    // A bus that loses every 5th event on its way to this follower.
    const lossy = {
      subscribe: (id: string, listener: JobEventListener) => h.system.bus.subscribe(id, (e) => (e.seq % 5 === 0 ? undefined : listener(e))),
    };
    const live = recordingSink();
    followLive(followDeps(h, lossy), jobId, 0, live.sink, new AbortController().signal);
    await within(live.done);
    const last = (await h.system.queries.snapshot(jobId)).lastSeq;
    expect(seqs(live.sent)).toEqual(range(1, last));
  });

  it('holds nothing for a sink that is not ready, then reads what it missed from the log, in order and once', async () => {
    const h = harness();
    const { jobId } = await h.system.engine.enqueue('test.progress', { events: 100, every: 1 }, h.client);
    const live = recordingSink();
    live.pause();
    followLive(followDeps(h), jobId, 0, live.sink, new AbortController().signal);
    // Paused after its first event: everything the job publishes meanwhile is left in the log.
    await expect.poll(() => seqs(live.sent)).toEqual([1]);
    await within(collect(await h.system.queries.follow(jobId, 0, new AbortController().signal)));
    expect(seqs(live.sent)).toEqual([1]);
    live.resume();
    await within(live.done);
    expect(seqs(live.sent)).toEqual(range(1, (await h.system.queries.snapshot(jobId)).lastSeq));
    expect(live.ends()).toBe(1);
  });

  it('stops at an abort: nothing more is sent, end is not called, and it stops listening', async () => {
    const h = harness();
    const { jobId } = await h.system.engine.enqueue('test.steps', { steps: 50, delayMs: 5 }, h.client);
    const live = recordingSink();
    const abort = new AbortController();
    const received = new Promise<void>((resolve) => {
      const unsubscribe = h.system.bus.subscribe(jobId, (e) => {
        if (e.type === 'progress' && e.done === 3) {
          unsubscribe();
          abort.abort();
          resolve();
        }
      });
    });
    followLive(followDeps(h), jobId, 0, live.sink, abort.signal);
    await within(received);
    const count = live.sent.length;
    expect(h.system.bus.subscriberCount(jobId)).toBe(0);
    await within(collect(await h.system.queries.follow(jobId, 0, new AbortController().signal)));
    expect(live.sent.length).toBe(count);
    expect(live.ends()).toBe(0);
  });

  it('reports a log it cannot read through fail, once', async () => {
    const h = harness();
    const { jobId } = await h.system.engine.enqueue('test.steps', { steps: 2 }, h.client);
    const broken: FollowDeps = {
      ...followDeps(h),
      events: {
        listAfter: () => Promise.reject(new Error('disk gone')),
      },
    };
    const live = recordingSink();
    followLive(broken, jobId, 0, live.sink, new AbortController().signal);
    await within(live.done);
    expect(String(live.failure())).toContain('disk gone');
    expect(live.ends()).toBe(0);
    expect(h.system.bus.subscriberCount(jobId)).toBe(0);
  });
});
