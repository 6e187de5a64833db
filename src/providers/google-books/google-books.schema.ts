import { z } from 'zod';

/** Google Books v1 wire format, only the fields we read. */
export const ZGoogleVolume = z.object({
  id: z.string(),
  volumeInfo: z.object({
    title: z.string().optional(),
    subtitle: z.string().optional(),
    authors: z.array(z.string()).optional(),
    publisher: z.string().optional(),
    publishedDate: z.string().optional(),
    description: z.string().optional(),
    industryIdentifiers: z.array(z.object({ type: z.string(), identifier: z.string() })).optional(),
    pageCount: z.number().int().optional(),
    printType: z.string().optional(),
    categories: z.array(z.string()).optional(),
    imageLinks: z.record(z.string(), z.string()).optional(),
    language: z.string().optional(),
  }),
  saleInfo: z.object({ isEbook: z.boolean().optional() }).optional(),
});
export type TGoogleVolume = z.infer<typeof ZGoogleVolume>;

/** No hit is `{kind, totalItems: 0}` with no `items` at all. */
export const ZGoogleVolumes = z.object({
  totalItems: z.number().int().nonnegative(),
  items: z.array(ZGoogleVolume).optional(),
});

/** Google's error body: `{error: {code, message, status, errors: [{reason}]}}`. */
export const ZGoogleError = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional() })).optional(),
  }),
});
