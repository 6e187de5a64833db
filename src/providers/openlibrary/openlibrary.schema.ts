import { z } from 'zod';

/**
 * OpenLibrary's wire formats, only the fields we read. Objects are loose (OpenLibrary adds
 * fields freely); a wrong type where we read is a malformed answer, not a miss.
 */
const named = z.object({ name: z.string() });
const strings = z.array(z.string());

/** One value of `/api/books?bibkeys=…&format=json&jscmd=data`. */
export const ZOlBooksApiRecord = z.object({
  key: z.string(),
  title: z.string(),
  subtitle: z.string().optional(),
  authors: z.array(named.extend({ url: z.string().optional() })).optional(),
  identifiers: z
    .object({
      isbn_10: strings.optional(),
      isbn_13: strings.optional(),
      openlibrary: strings.optional(),
      goodreads: strings.optional(),
      librarything: strings.optional(),
      amazon: strings.optional(),
    })
    .optional(),
  publishers: z.array(named).optional(),
  publish_date: z.string().optional(),
  number_of_pages: z.number().int().positive().optional(),
  subjects: z.array(named).optional(),
  cover: z.object({ small: z.string().optional(), medium: z.string().optional(), large: z.string().optional() }).optional(),
  works: z.array(z.object({ key: z.string() })).optional(),
  notes: z.union([z.string(), z.object({ value: z.string() })]).optional(),
  excerpts: z.array(z.object({ text: z.string() })).optional(),
});
export type TOlBooksApiRecord = z.infer<typeof ZOlBooksApiRecord>;

export const ZOlBooksApiResponse = z.record(z.string(), ZOlBooksApiRecord);

/** One doc of `search.json` (a work, with its editions' identifiers flattened in). */
export const ZOlSearchDoc = z.object({
  key: z.string(),
  title: z.string(),
  subtitle: z.string().optional(),
  author_name: strings.optional(),
  author_key: strings.optional(),
  isbn: strings.optional(),
  edition_key: strings.optional(),
  cover_edition_key: z.string().optional(),
  cover_i: z.number().int().optional(),
  first_publish_year: z.number().int().optional(),
  publish_date: strings.optional(),
  publisher: strings.optional(),
  number_of_pages_median: z.number().int().optional(),
  subject: strings.optional(),
  language: strings.optional(),
  id_goodreads: strings.optional(),
  id_librarything: strings.optional(),
  id_amazon: strings.optional(),
});
export type TOlSearchDoc = z.infer<typeof ZOlSearchDoc>;

export const ZOlSearchResponse = z.object({
  numFound: z.number().int().nonnegative(),
  docs: z.array(ZOlSearchDoc),
});

/** The fields asked of `search.json`, so answers stay small. */
export const OL_SEARCH_FIELDS = Object.keys(ZOlSearchDoc.shape).join(',');
