import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { createBooksTrackClient } from '../../src/client/create-client.js';
import type { TJobEvent, TJobEventInput } from '../../src/contract/job-events.js';
import type { TJobStatus } from '../../src/contract/job-status.js';
import type { JobContext } from '../../src/jobs/context.js';
import { defineJob, defineRegistry } from '../../src/jobs/define.js';
import type { JobEngine } from '../../src/jobs/engine.js';
import type { AppRouter } from '../../src/router/app.js';
import type { TestJobCatalog } from '../helpers/test-jobs.js';

/**
 * The original backend's bugs, as types: each `@ts-expect-error` line must fail to compile, or
 * `tsc` reports the directive as unused and `npm test` fails.
 */
declare const client: ReturnType<typeof createBooksTrackClient>;
declare const ctx: JobContext;
declare const engine: JobEngine<TestJobCatalog>;
const jobId = '00000000-0000-4000-8000-000000000000';

describe('bug classes that do not compile', () => {
  it('an unknown procedure (the stringly-typed stub.fetch("http://do/init-batch"))', () => {
    // @ts-expect-error: there is no jobs.initBatch
    void client.trpc.jobs.initBatch.mutate({ jobId });
    // @ts-expect-error: a query cannot be called as a mutation
    void client.trpc.jobs.get.mutate({ jobId });
  });

  it('a wrong input shape', () => {
    // @ts-expect-error: `id` is not `jobId`
    void client.trpc.jobs.get.query({ id: jobId });
    // @ts-expect-error: limit is a number
    void client.trpc.jobs.events.query({ jobId, limit: '10' });
    expectTypeOf<inferRouterInputs<AppRouter>['jobs']['results']>().toHaveProperty('status');
  });

  it('a CSV import without its file, or with it twice (exactly one of csv and csvBase64)', () => {
    // @ts-expect-error: neither csv nor csvBase64
    void client.trpc.imports.startCsv.mutate({});
    // @ts-expect-error: neither, even with the options
    void client.trpc.imports.startCsv.mutate({ format: 'goodreads', enrich: false });
    // @ts-expect-error: both at once
    void client.trpc.imports.startCsv.mutate({ csv: 'Title\nDune\n', csvBase64: 'VGl0bGUK' });
    void client.trpc.imports.startCsv.mutate({ csv: 'Title\nDune\n', format: 'auto' });
    void client.trpc.imports.startCsv.mutate({ csvBase64: 'VGl0bGUK', filename: 'lt.tsv' });
  });

  it('an event of unknown type or with a wrong payload', () => {
    // @ts-expect-error: no such event type
    ctx.emit({ type: 'progres', phase: 'parsing', done: 1, total: 2 });
    // @ts-expect-error: done is a number
    ctx.emit({ type: 'progress', phase: 'parsing', done: '1', total: 2 });
    // @ts-expect-error: a photo event needs booksFound
    ctx.emit({ type: 'photo', index: 0, status: 'done' });
    // @ts-expect-error: jobId and seq are the engine's to set
    ctx.emit({ type: 'warning', code: 'x', message: 'y', seq: 3 } satisfies TJobEventInput);
    expectTypeOf<Extract<TJobEvent, { type: 'completed' }>['summary']['itemCount']>().toEqualTypeOf<number>();
  });

  it('a job kind without a handler, or a handler for a kind that is not in the catalog', () => {
    const a = defineJob({ kind: 'a', input: z.object({ n: z.number() }), run: () => Promise.resolve(undefined) });
    type Catalog = { a: typeof a.input; b: z.ZodObject<{ s: z.ZodString }> };
    // @ts-expect-error: kind 'b' has no handler
    defineRegistry<Catalog>()({ a });
    const c = defineJob({ kind: 'c', input: z.object({}), run: () => Promise.resolve(undefined) });
    // @ts-expect-error: 'c' is not in the catalog
    defineRegistry<{ a: typeof a.input }>()({ a, c });
    // @ts-expect-error: registered under the wrong kind
    defineRegistry<{ b: typeof a.input }>()({ b: a });
  });

  it('enqueue with a wrong payload or an unknown kind', async () => {
    const opts = { clientKey: 'k' };
    // @ts-expect-error: steps is a number
    await engine.enqueue('test.steps', { steps: 'three' }, opts);
    // @ts-expect-error: no such kind
    await engine.enqueue('test.unknown', {}, opts);
    expectTypeOf((await engine.enqueue('test.steps', { steps: 3 }, opts)).jobId).toEqualTypeOf<string>();
  });

  it('a handler that ignores its ctx parameter type (the missing env.ctx.waitUntil)', () => {
    defineJob({
      kind: 'x',
      input: z.object({}),
      // @ts-expect-error: the handler must take the engine's JobContext, not its own idea of one
      run: (c: { env: { ctx: { waitUntil(p: Promise<unknown>): void } } }) => Promise.resolve(c.env.ctx.waitUntil(Promise.resolve()) ?? undefined),
    });
    defineJob({
      kind: 'y',
      input: z.object({}),
      run: (c) => {
        // @ts-expect-error: background work goes through the engine; there is no waitUntil
        c.waitUntil(Promise.resolve());
        return Promise.resolve(undefined);
      },
    });
    expectTypeOf<Parameters<Parameters<typeof defineJob>[0]['run']>[0]>().toEqualTypeOf<JobContext>();
  });

  it('outputs are typed end to end', () => {
    expectTypeOf<inferRouterOutputs<AppRouter>['jobs']['get']['status']>().toEqualTypeOf<TJobStatus>();
    expectTypeOf<inferRouterOutputs<AppRouter>['jobs']['cancel']['jobId']>().toEqualTypeOf<string>();
  });
});
