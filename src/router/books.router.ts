import { ZBookSearchInput, ZBookSearchOutput, ZLookupIsbnInput, ZLookupIsbnOutput } from '../contract/books.js';
import { booksRoutes } from '../contract/routes.js';
import { AppError } from '../errors.js';
import { restRoute } from './openapi-meta.js';
import { lookupProcedure, router } from './trpc.js';

export const booksRouter = router({
  /** Every provider at once, merged field by field; null when none knows the ISBN (over REST: 404). */
  lookupIsbn: lookupProcedure
    .meta(restRoute(booksRoutes.lookupIsbn, false))
    .input(ZLookupIsbnInput)
    .output(ZLookupIsbnOutput)
    .query(async ({ ctx, input, signal }) => {
      const record = await ctx.deps.books.lookupIsbn(input.isbn, { signal: signal ?? new AbortController().signal });
      if (record === null && ctx.req.viaRest) throw new AppError('NOT_FOUND', `no provider knows ISBN ${input.isbn}`, { field: 'isbn' });
      return record;
    }),

  search: lookupProcedure
    .meta(restRoute(booksRoutes.search, false))
    .input(ZBookSearchInput)
    .output(ZBookSearchOutput)
    .query(({ ctx, input, signal }) => {
      const query = { ...(input.title ? { title: input.title } : {}), ...(input.author ? { author: input.author } : {}), ...(input.q ? { q: input.q } : {}) };
      return ctx.deps.books.search(query, input.limit, { signal: signal ?? new AbortController().signal });
    }),
});
