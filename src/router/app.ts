import { booksRouter } from './books.router.js';
import { enrichmentRouter } from './enrichment.router.js';
import { importsRouter } from './imports.router.js';
import { jobsRouter } from './jobs.router.js';
import { router } from './trpc.js';

/** The whole API. Clients import only its type. */
export const appRouter = router({
  jobs: jobsRouter,
  imports: importsRouter,
  enrichment: enrichmentRouter,
  books: booksRouter,
});

export type AppRouter = typeof appRouter;
