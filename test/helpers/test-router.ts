import { z } from 'zod';
import { ZIdempotencyKey } from '../../src/contract/common.js';
import { ZJobStarted } from '../../src/contract/jobs.js';
import type { JobEngine } from '../../src/jobs/engine.js';
import { appRouter } from '../../src/router/app.js';
import { mergeRouters, publicProcedure, router, startProcedure } from '../../src/router/trpc.js';
import { ZItemsInput, ZSleepInput, ZStepsInput, type TestJobCatalog } from './test-jobs.js';

const startRoute = (name: string) =>
  startProcedure.meta({ openapi: { method: 'POST', path: `/test/${name}`, protect: false } }).output(ZJobStarted);

const withKey = <S extends z.ZodType>(schema: S) => z.object({ input: schema, idempotencyKey: ZIdempotencyKey.optional() });

/**
 * `appRouter` plus start routes for the test job kinds (tRPC `test.*`, REST `POST /api/v1/test/*`).
 * They go through `startProcedure`, so API keys and start rate limits apply as to real starts.
 */
export function createTestRouter(engine: () => JobEngine<TestJobCatalog>) {
  const opts = (clientKey: string, idempotencyKey: string | undefined) => ({ clientKey, idempotencyKey });
  return mergeRouters(
    appRouter,
    router({
      test: router({
        steps: startRoute('steps')
          .input(withKey(ZStepsInput))
          .mutation(({ ctx, input }) => engine().enqueue('test.steps', input.input, opts(ctx.clientKey, input.idempotencyKey))),
        sleep: startRoute('sleep')
          .input(withKey(ZSleepInput))
          .mutation(({ ctx, input }) => engine().enqueue('test.sleep', input.input, opts(ctx.clientKey, input.idempotencyKey))),
        /** A procedure with a bug: its message must never reach clients. */
        boom: publicProcedure
          .meta({ openapi: { method: 'GET', path: '/test/boom', protect: false } })
          .input(z.object({}))
          .output(z.object({ ok: z.boolean() }))
          .query(() => {
            throw new Error('secret: /var/lib/bookstrack/db is corrupt at 0xdeadbeef');
          }),
        items: startRoute('items')
          .input(withKey(ZItemsInput))
          .mutation(({ ctx, input }) => engine().enqueue('test.items', input.input, opts(ctx.clientKey, input.idempotencyKey))),
      }),
    }),
  );
}

export type TestRouter = ReturnType<typeof createTestRouter>;
