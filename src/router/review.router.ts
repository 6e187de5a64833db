import { router } from './trpc.js';

/** `review.*`: filled in with the review queue. */
export const reviewRouter = router({});
