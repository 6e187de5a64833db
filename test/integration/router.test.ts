import { TRPCError, isTrackedEnvelope } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { range } from '../helpers/events.js';
import { createTestJobSystem } from '../helpers/job-system.js';
import { createTestCaller } from '../helpers/router-caller.js';

const systems: ReturnType<typeof createTestJobSystem>[] = [];
function setup() {
  const h = createTestJobSystem();
  systems.push(h);
  h.system.start();
  return h;
}
afterEach(async () => {
  await Promise.all(systems.splice(0).map((h) => h.system.stop()));
});

/** The domain error behind a rejected call. */
async function rejection(p: Promise<unknown>): Promise<{ trpc: string; app: unknown; field: unknown }> {
  try {
    await p;
  } catch (error: unknown) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as { code?: unknown; field?: unknown } | undefined;
    return { trpc: error.code, app: cause?.code, field: cause?.field };
  }
  throw new Error('expected the call to fail');
}

describe('jobs router (in-process caller, fresh in-memory database)', () => {
  it('starts a job and reads it back with its token', async () => {
    const { system } = setup();
    const { caller } = createTestCaller(system);
    const started = await caller.test.items({ input: { count: 3 } });
    const reader = createTestCaller(system, { bearer: started.token }).caller;
    const events: TJobEvent[] = [];
    for await (const item of await reader.jobs.onProgress({ jobId: started.jobId })) {
      // Through a caller, tracked values arrive as [id, data] envelopes.
      if (isTrackedEnvelope(item)) events.push(item[1] as TJobEvent);
    }
    expect(events.map((e) => e.seq)).toEqual(range(1, events.length));
    expect(await reader.jobs.get({ jobId: started.jobId })).toMatchObject({ status: 'completed', counts: { matched: 3 } });
  });

  it('refuses new jobs with SHUTTING_DOWN once shutdown has begun', async () => {
    const { system } = setup();
    const { caller } = createTestCaller(system, { acceptingWork: () => false });
    expect(await rejection(caller.test.items({ input: { count: 1 } }))).toMatchObject({ trpc: 'SERVICE_UNAVAILABLE', app: 'SHUTTING_DOWN' });
  });

  it('rejects a lastEventId that is not a seq, naming the field', async () => {
    const { system } = setup();
    const { jobId, token } = await createTestCaller(system).caller.test.items({ input: { count: 1 } });
    const { caller } = createTestCaller(system, { bearer: token });
    const error = await rejection(caller.jobs.onProgress({ jobId, lastEventId: 'abc' }));
    expect(error.trpc).toBe('BAD_REQUEST');
  });

  it('answers jobs.list with FORBIDDEN when no admin token is configured, UNAUTHORIZED for a wrong one', async () => {
    const { system } = setup();
    expect(await rejection(createTestCaller(system).caller.jobs.list({}))).toMatchObject({ trpc: 'FORBIDDEN' });
    const wrong = createTestCaller(system, { adminToken: 'a'.repeat(20), bearer: 'b'.repeat(20) }).caller;
    expect(await rejection(wrong.jobs.list({}))).toMatchObject({ trpc: 'UNAUTHORIZED' });
  });

  it('jobs.list gives each job its own item counts (one grouped query per page)', async () => {
    const { system } = setup();
    const admin = createTestCaller(system, { adminToken: 'a'.repeat(20), bearer: 'a'.repeat(20) }).caller;
    const { caller } = createTestCaller(system);
    const small = await caller.test.items({ input: { count: 3 } });
    const large = await caller.test.items({ input: { count: 7 } });
    for (const job of [small, large]) {
      const reader = createTestCaller(system, { bearer: job.token }).caller;
      for (let i = 0; i < 100 && (await reader.jobs.get({ jobId: job.jobId })).status !== 'completed'; i++) await new Promise((r) => setTimeout(r, 20));
    }
    const page = await admin.jobs.list({ kind: 'test.items' });
    const byId = new Map(page.jobs.map((j) => [j.jobId, [j.itemCount, j.counts.matched]]));
    expect(byId.get(small.jobId)).toEqual([3, 3]);
    expect(byId.get(large.jobId)).toEqual([7, 7]);
  });

  it('returns the same job for a repeated idempotency key, and CONFLICT for a different input', async () => {
    const { system } = setup();
    const { caller } = createTestCaller(system);
    const a = await caller.test.sleep({ input: { ms: 1 }, idempotencyKey: 'order-42' });
    const b = await caller.test.sleep({ input: { ms: 1 }, idempotencyKey: 'order-42' });
    expect(b.jobId).toBe(a.jobId);
    expect(await rejection(caller.test.sleep({ input: { ms: 5 }, idempotencyKey: 'order-42' }))).toMatchObject({ trpc: 'CONFLICT', app: 'IDEMPOTENCY_CONFLICT', field: 'idempotencyKey' });
  });

  it('sets rate-limit headers on every start and Retry-After when over the limit', async () => {
    const { system } = setup();
    const { caller, headers } = createTestCaller(system, { startsPerMinute: 1 });
    await caller.test.items({ input: { count: 1 } });
    expect(headers.get('X-RateLimit-Remaining')).toBe('0');
    expect(await rejection(caller.test.items({ input: { count: 1 } }))).toMatchObject({ trpc: 'TOO_MANY_REQUESTS', app: 'RATE_LIMITED' });
    expect(Number(headers.get('Retry-After'))).toBeGreaterThan(0);
  });
});
