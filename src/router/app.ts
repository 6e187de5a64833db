import { booksRouter } from './books.router.js';
import { enrichmentRouter } from './enrichment.router.js';
import { importsRouter } from './imports.router.js';
import { jobsRouter } from './jobs.router.js';
import { reviewRouter } from './review.router.js';
import { scansRouter } from './scans.router.js';
import { router } from './trpc.js';

/** The whole API. Clients import only its type. */
export const appRouter = router({
  jobs: jobsRouter,
  imports: importsRouter,
  scans: scansRouter,
  review: reviewRouter,
  enrichment: enrichmentRouter,
  books: booksRouter,
});

export type AppRouter = typeof appRouter;
