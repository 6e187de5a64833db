import { tracked } from '@trpc/server';
import { ZJobEvent } from '../contract/job-events.js';
import {
  ZJobEventsInput,
  ZJobEventsPage,
  ZJobListInput,
  ZJobListPage,
  ZJobRef,
  ZJobResultsInput,
  ZJobResultsPage,
  ZJobSnapshot,
  ZOnProgressInput,
  ZRetryFailedOutput,
} from '../contract/jobs.js';
import { jobsRoutes } from '../contract/routes.js';
import { restRoute } from './openapi-meta.js';
import { adminProcedure, jobProcedure, router } from './trpc.js';
import { zTrackedAsyncIterable } from './z-async-iterable.js';

export const jobsRouter = router({
  get: jobProcedure
    .meta(restRoute(jobsRoutes.get))
    .input(ZJobRef)
    .output(ZJobSnapshot)
    .query(({ ctx, input }) => ctx.deps.queries.snapshot(input.jobId)),

  events: jobProcedure
    .meta(restRoute(jobsRoutes.events))
    .input(ZJobEventsInput)
    .output(ZJobEventsPage)
    .query(({ ctx, input }) => ctx.deps.queries.events(input.jobId, input.after, input.limit)),

  /**
   * Replays after `lastEventId`, then live; ends after the terminal event. SSE serves the same stream;
   * over WebSocket, `JobStreams` (src/server) calls this procedure for its checks and pushes the events itself.
   */
  onProgress: jobProcedure
    .input(ZOnProgressInput)
    .output(zTrackedAsyncIterable(ZJobEvent))
    .subscription(async function* ({ ctx, input, signal }) {
      // Validated by the input schema, so a bad value is a 400 before any stream starts.
      const after = input.lastEventId ? Number(input.lastEventId) : 0;
      const stop = signal ?? new AbortController().signal;
      for await (const event of await ctx.deps.queries.follow(input.jobId, after, stop)) yield tracked(String(event.seq), event);
    }),

  results: jobProcedure
    .meta(restRoute(jobsRoutes.results))
    .input(ZJobResultsInput)
    .output(ZJobResultsPage)
    .query(({ ctx, input }) => ctx.deps.queries.results(input.jobId, input)),

  cancel: jobProcedure
    .meta(restRoute(jobsRoutes.cancel))
    .input(ZJobRef)
    .output(ZJobSnapshot)
    .mutation(({ ctx, input }) => ctx.deps.engine.cancel(input.jobId)),

  retryFailed: jobProcedure
    .meta(restRoute(jobsRoutes.retryFailed))
    .input(ZJobRef)
    .output(ZRetryFailedOutput)
    .mutation(({ ctx, input }) => ctx.deps.engine.retryFailed(input.jobId)),

  list: adminProcedure
    .meta(restRoute(jobsRoutes.list))
    .input(ZJobListInput)
    .output(ZJobListPage)
    .query(({ ctx, input }) => ctx.deps.queries.list(input)),
});
