import { z } from 'zod';
import { ZIsbn } from './isbn.js';

/** Canonical book records (the original's WorkDTO / EditionDTO / AuthorDTO, original-system.md §5.2). */

export const DATA_PROVIDERS = ['google-books', 'openlibrary', 'isbndb', 'gemini'] as const;
export const ZDataProvider = z.enum(DATA_PROVIDERS);
export type TDataProvider = z.infer<typeof ZDataProvider>;

/** The metadata providers the enrichment engine can query, in `ENRICH_PROVIDERS` spelling. */
export const METADATA_PROVIDERS = ['openlibrary', 'google-books', 'isbndb'] as const satisfies readonly TDataProvider[];
export const ZMetadataProvider = z.enum(METADATA_PROVIDERS);
export type TMetadataProvider = z.infer<typeof ZMetadataProvider>;

export const EDITION_FORMATS = ['Hardcover', 'Paperback', 'E-book', 'Audiobook', 'Mass Market'] as const;
export const ZEditionFormat = z.enum(EDITION_FORMATS);
export type TEditionFormat = z.infer<typeof ZEditionFormat>;

export const ZAuthorGender = z.enum(['Female', 'Male', 'Non-binary', 'Other', 'Unknown']);
export const ZReviewStatus = z.enum(['verified', 'needsReview', 'userEdited']);

const ids = z.array(z.string());

export const ZWork = z.object({
  title: z.string(),
  subtitle: z.string().optional(),
  subjectTags: z.array(z.string()).describe('normalised genres'),
  goodreadsWorkIDs: ids,
  amazonASINs: ids,
  librarythingIDs: ids,
  googleBooksVolumeIDs: ids,
  isbndbQuality: z.number().int().min(0).max(100),
  reviewStatus: ZReviewStatus,
  originalLanguage: z.string().optional(),
  firstPublicationYear: z.number().int().optional(),
  description: z.string().optional(),
  coverImageURL: z.string().optional(),
  synthetic: z.boolean().optional(),
  primaryProvider: ZDataProvider.optional(),
  contributors: z.array(ZDataProvider).optional().describe('providers that contributed to this record'),
  openLibraryWorkID: z.string().optional(),
  googleBooksVolumeID: z.string().optional(),
  isbndbID: z.string().optional(),
}).meta({ id: 'Work' });
export type TWork = z.infer<typeof ZWork>;

export const ZEdition = z.object({
  isbn: z.string().optional().describe('primary ISBN (ISBN-13 when known)'),
  isbns: z.array(z.string()),
  format: ZEditionFormat,
  amazonASINs: ids,
  googleBooksVolumeIDs: ids,
  librarythingIDs: ids,
  isbndbQuality: z.number().int().min(0).max(100),
  title: z.string().optional(),
  publisher: z.string().optional(),
  publicationDate: z.string().optional().describe('YYYY-MM-DD, YYYY-MM or YYYY'),
  pageCount: z.number().int().positive().optional(),
  coverImageURL: z.string().optional(),
  editionDescription: z.string().optional(),
  language: z.string().optional(),
  primaryProvider: ZDataProvider.optional(),
  contributors: z.array(ZDataProvider).optional(),
  openLibraryEditionID: z.string().optional(),
  googleBooksVolumeID: z.string().optional(),
  isbndbID: z.string().optional(),
}).meta({ id: 'Edition' });
export type TEdition = z.infer<typeof ZEdition>;

export const ZAuthor = z.object({
  name: z.string(),
  gender: ZAuthorGender,
  openLibraryID: z.string().optional(),
}).meta({ id: 'Author' });
export type TAuthor = z.infer<typeof ZAuthor>;

/** A merged record and where each field came from. */
export const ZBookRecord = z.object({
  work: ZWork,
  edition: ZEdition,
  authors: z.array(ZAuthor),
  /** Field → the provider whose value was kept, e.g. `{"edition.pageCount": "isbndb"}`. */
  provenance: z.record(z.string(), ZDataProvider),
  providers: z.array(ZMetadataProvider).describe('every provider whose record was merged in'),
}).meta({ id: 'BookRecord' });
export type TBookRecord = z.infer<typeof ZBookRecord>;

export const ZBookCandidate = ZBookRecord.extend({
  score: z.number().min(0).max(1).describe('match score: title and author similarity, ISBN equality, year'),
  matchedBy: z.enum(['isbn', 'search']),
}).meta({ id: 'BookCandidate' });
export type TBookCandidate = z.infer<typeof ZBookCandidate>;

/** What enrichment concluded for one input: stored as a result item's `result`. */
export const ZEnrichmentOutcome = z.object({
  status: z.enum(['matched', 'needs_review', 'not_found', 'provider_unavailable']),
  score: z.number().min(0).max(1).nullable(),
  match: ZBookCandidate.nullable().describe('the chosen record (matched), or the best candidate (needs_review)'),
  candidates: z.array(ZBookCandidate).describe('other candidates worth a look (needs_review)'),
  unavailable: z.array(ZMetadataProvider).describe('providers that were down while this item was looked up'),
});
export type TEnrichmentOutcome = z.infer<typeof ZEnrichmentOutcome>;

/**
 * A line of text a person typed. No NUL characters: nothing means them, and PostgreSQL stores none
 * (the start would fail there with a 500 instead of a 400 naming the field).
 */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\0'), 'must not contain NUL characters');

export const ZBookQuery = z.object({
  title: text(500).describe('book title as the user has it'),
  author: text(300).optional(),
  isbn: ZIsbn.optional(),
});
export type TBookQuery = z.infer<typeof ZBookQuery>;

export const MAX_ENRICHMENT_BOOKS = 1000;

export const ZLookupIsbnInput = z.object({ isbn: ZIsbn });
export const ZLookupIsbnOutput = ZBookRecord.nullable();

export const ZBookSearchInput = z
  .object({
    title: text(500).optional(),
    author: text(300).optional(),
    q: text(500).optional().describe('free text (title and/or author words)'),
    limit: z.number().int().min(1).max(40).default(10),
  })
  .refine((v) => v.title !== undefined || v.author !== undefined || v.q !== undefined, {
    message: 'give at least one of title, author or q',
    path: ['title'],
  });
export const ZBookSearchOutput = z.object({
  candidates: z.array(ZBookCandidate),
  unavailable: z.array(ZMetadataProvider).describe('providers that were down; results may be incomplete'),
}).meta({ id: 'BookSearchResult' });
