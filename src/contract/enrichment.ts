import { z } from 'zod';
import { MAX_ENRICHMENT_BOOKS, ZBookQuery } from './books.js';
import { ZIdempotencyKey } from './common.js';

/** `enrichment.start`: a job over up to 1,000 books, each `{title, author?, isbn?}`. */
export const ZEnrichmentStartInput = z.object({
  books: z
    .array(ZBookQuery)
    .min(1, 'give at least one book')
    .max(MAX_ENRICHMENT_BOOKS, `at most ${MAX_ENRICHMENT_BOOKS} books per job`),
  idempotencyKey: ZIdempotencyKey.optional(),
});
export type TEnrichmentStartInput = z.input<typeof ZEnrichmentStartInput>;

/** What the enrichment job stores as its input (the ISBNs already normalised to ISBN-13). */
export const ZEnrichmentJobInput = z.object({ books: ZEnrichmentStartInput.shape.books });
