import { jobsRouter } from './jobs.router.js';
import { router } from './trpc.js';

/** The whole API. Clients import only its type. */
export const appRouter = router({
  jobs: jobsRouter,
});

export type AppRouter = typeof appRouter;
