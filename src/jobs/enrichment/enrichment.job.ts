import { ZEnrichmentJobInput } from '../../contract/enrichment.js';
import { defineJob } from '../define.js';
import { enrichPendingItems } from './enrich-pending.js';
import { createWarningRelay } from './warning-relay.js';

/**
 * `enrichment`: finds metadata for up to 1,000 `{title, author?, isbn?}` inputs. Items are created
 * once; each round takes the next pending ones, so a resumed or retried job only does what is left.
 */
export const enrichmentJob = defineJob({
  kind: 'enrichment',
  input: ZEnrichmentJobInput,
  limits: { concurrency: 2, maxAttempts: 3 },
  async run(ctx, input) {
    await ctx.items.create(input.books.map((book, index) => ({ index, title: book.title, input: { ...book } })));
    const call = { signal: ctx.signal, onWarning: createWarningRelay(ctx) };
    const stats = await enrichPendingItems(
      ctx,
      {
        total: input.books.length,
        request: (item) => {
          const book = input.books[item.idx];
          return book ? { title: book.title, ...(book.author ? { author: book.author } : {}), ...(book.isbn ? { isbn13: book.isbn } : {}) } : {};
        },
      },
      call,
    );
    await ctx.phase('finalizing', 'enrichment finished');
    return { details: { ...stats } };
  },
});
