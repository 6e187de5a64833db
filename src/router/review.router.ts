import { ZReviewListInput, ZReviewPage, ZReviewResolveInput, ZReviewResolveOutput } from '../contract/review.js';
import { reviewRoutes } from '../contract/routes.js';
import { restRoute } from './openapi-meta.js';
import { jobProcedure, router } from './trpc.js';

/** `review.*`: the items of a job that need a person's decision, and the decisions. */
export const reviewRouter = router({
  list: jobProcedure
    .meta(restRoute(reviewRoutes.list))
    .input(ZReviewListInput)
    .output(ZReviewPage)
    .query(({ ctx, input }) => ctx.deps.review.list(input.jobId, input)),

  /** Decides one item; 409 when it is no longer in `needs_review` or the job has not finished. */
  resolve: jobProcedure
    .meta(restRoute(reviewRoutes.resolve))
    .input(ZReviewResolveInput)
    .output(ZReviewResolveOutput)
    .mutation(({ ctx, input }) => ctx.deps.review.resolve(input.jobId, input.itemId, input.decision)),
});
