import { ZEnrichmentStartInput } from '../contract/enrichment.js';
import { ZJobStarted } from '../contract/jobs.js';
import { enrichmentRoutes } from '../contract/routes.js';
import { restRoute } from './openapi-meta.js';
import { router, startProcedure } from './trpc.js';

export const enrichmentRouter = router({
  /** Starts a job over up to 1,000 books; answers at once, the runner does the work. */
  start: startProcedure
    .meta(restRoute(enrichmentRoutes.start, false))
    .input(ZEnrichmentStartInput)
    .output(ZJobStarted)
    .mutation(({ ctx, input }) =>
      ctx.deps.engine.enqueue('enrichment', { books: input.books }, { clientKey: ctx.clientKey, idempotencyKey: input.idempotencyKey }),
    ),
});
