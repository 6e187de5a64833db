import { z } from 'zod';

/** ISBNdb v2 `Book`, only the fields we read (nullable as its OpenAPI document says). */
export const ZIsbndbBook = z.object({
  title: z.string(),
  title_long: z.string().nullish(),
  isbn: z.string().nullish(),
  isbn13: z.string().nullish(),
  isbn10: z.string().nullish(),
  binding: z.string().nullish(),
  publisher: z.string().nullish(),
  language: z.string().nullish(),
  date_published: z.union([z.string(), z.number()]).nullish(),
  pages: z.number().int().nullish(),
  overview: z.string().nullish(),
  synopsis: z.string().nullish(),
  image: z.string().nullish(),
  authors: z.array(z.string()).nullish(),
  subjects: z.array(z.string()).nullish(),
});
export type TIsbndbBook = z.infer<typeof ZIsbndbBook>;

export const ZIsbndbBookResponse = z.object({ book: ZIsbndbBook });

/** `POST /books` and `GET /books/{query}`: the document says `data`; older answers say `books`. */
export const ZIsbndbBooksResponse = z
  .object({ total: z.number().int().optional(), data: z.array(ZIsbndbBook).optional(), books: z.array(ZIsbndbBook).optional() })
  .transform((r) => r.data ?? r.books ?? []);
