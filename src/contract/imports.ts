import { z } from 'zod';
import { ZEditionFormat } from './books.js';
import { ZIdempotencyKey, zBase64 } from './common.js';

/** Export formats the importer knows by their headers; `generic` maps any other header by synonyms. */
export const CSV_FORMATS = ['goodreads', 'storygraph', 'librarything', 'generic'] as const;
export const ZCsvFormat = z.enum(CSV_FORMATS);
export type TCsvFormat = z.infer<typeof ZCsvFormat>;

const csvText = z.string().describe('the CSV or TSV file as text');
const csvBase64 = zBase64().describe('the file as raw bytes in base64; the encoding (UTF-8, or Latin-1/Windows-1252) is detected');
const csvOptions = {
  filename: z.string().min(1).max(255).optional().describe('shown in the summary; a `.tsv` name hints at tabs'),
  format: z.enum(['auto', ...CSV_FORMATS]).default('auto').describe('`auto` detects the export by its header'),
  enrich: z.boolean().default(true).describe('false: only parse and map, do not look books up'),
  idempotencyKey: ZIdempotencyKey.optional(),
};

/** Everything `imports.startCsv` takes besides the file (also the multipart upload's form fields). */
export const ZCsvImportOptions = z.object(csvOptions);
export type TCsvImportOptions = z.output<typeof ZCsvImportOptions>;

/** `imports.startCsv` with the file as text. */
export const ZCsvImportFromText = z.object({ csv: csvText, ...csvOptions }).meta({ id: 'CsvImportFromText' });
/** `imports.startCsv` with the file as its raw bytes (files that are not UTF-8, such as LibraryThing's Latin-1 exports). */
export const ZCsvImportFromBase64 = z.object({ csvBase64, ...csvOptions }).meta({ id: 'CsvImportFromBase64' });

/**
 * `imports.startCsv` as clients send it: the file as text (`csv`) or as bytes (`csvBase64`),
 * exactly one of the two. The OpenAPI document describes the body with this union.
 */
export const ZCsvImportStartBody = z.union([ZCsvImportFromText, ZCsvImportFromBase64]);
export type TCsvImportStartInput =
  | (z.input<typeof ZCsvImportFromText> & { csvBase64?: never })
  | (z.input<typeof ZCsvImportFromBase64> & { csv?: never });

const csvStartObject = z
  .object({ csv: csvText.optional(), csvBase64: csvBase64.optional(), ...csvOptions })
  .superRefine((v, ctx) => {
    if ((v.csv === undefined) === (v.csvBase64 === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['csv'], message: 'give the file as exactly one of `csv` (text) or `csvBase64` (bytes)' });
    }
  });

/**
 * The procedure's input parser. The REST bridge needs one object schema at run time, so both keys
 * are optional there and "exactly one" is a refinement; its TypeScript input type is the union
 * above, so a call with neither (or both) does not compile. A unit test checks that the two agree.
 */
export const ZCsvImportStartInput = csvStartObject as unknown as z.ZodType<z.output<typeof csvStartObject>, TCsvImportStartInput> & typeof csvStartObject;

/** What the csv-import job stores as its input: the bytes live in a blob, not in the job row. */
export const ZCsvImportJobInput = z.object({
  blob: z.string().regex(/^[0-9a-f]{64}$/),
  byteLength: z.number().int().nonnegative(),
  filename: z.string().optional(),
  format: z.enum(['auto', ...CSV_FORMATS]),
  enrich: z.boolean(),
  /** `MAX_CSV_ROWS` when the job was accepted. */
  maxRows: z.number().int().positive(),
});
export type TCsvImportJobInput = z.infer<typeof ZCsvImportJobInput>;

/** Where the user is with a book. Custom exclusive shelves are `custom`, with their name in `shelf`. */
export const READING_STATUSES = ['read', 'currently_reading', 'to_read', 'did_not_finish', 'custom'] as const;
export const ZReadingStatus = z.enum(READING_STATUSES);
export type TReadingStatus = z.infer<typeof ZReadingStatus>;

const ZDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/).describe('YYYY-MM-DD, or YYYY-MM / YYYY when that is all the export has');

export const ZImportedAuthor = z.object({
  name: z.string().describe('display form, "First Last"'),
  role: z.string().nullable().describe('null for an author; otherwise as written, e.g. "Narrator", "Translator"'),
});

export const ZRead = z.object({ started: ZDate.nullable(), finished: ZDate.nullable() });

/**
 * One row of an import as the user recorded it, normalised: this is kept on the result item
 * whether or not the book is found, so nothing the user wrote is lost.
 */
export const ZImportedBook = z.object({
  line: z.number().int().positive().describe('line of the file where the row starts (the header is line 1)'),
  title: z.string().nullable(),
  authors: z.array(ZImportedAuthor).describe('authors first, then contributors with their roles'),
  isbn13: z.string().nullable(),
  isbn10: z.string().nullable(),
  asin: z.string().nullable().describe('an Amazon id (StoryGraph `ISBN/UID`), kept as is'),
  sourceId: z.string().nullable().describe("the export's own book id (Goodreads Book Id, LibraryThing Book Id)"),
  status: ZReadingStatus.nullable(),
  shelf: z.string().nullable().describe('the exclusive shelf or read status exactly as written'),
  rating: z.number().min(0).max(5).nullable().describe('0–5 with fractions kept; null when unrated'),
  reads: z.array(ZRead).describe('one entry per read; StoryGraph keeps re-reads, the others the latest only'),
  readCount: z.number().int().nonnegative().nullable(),
  dateAdded: ZDate.nullable(),
  shelves: z.array(z.string()).describe('tags and non-exclusive shelves'),
  owned: z.boolean().nullable(),
  ownedCopies: z.number().int().nonnegative().nullable(),
  review: z.string().nullable(),
  spoiler: z.boolean().nullable(),
  privateNotes: z.string().nullable(),
  pageCount: z.number().int().positive().nullable(),
  publisher: z.string().nullable(),
  year: z.number().int().nullable().describe('publication year of this edition'),
  originalYear: z.number().int().nullable(),
  format: ZEditionFormat.nullable(),
  binding: z.string().nullable().describe('the binding or format as written'),
  notes: z.array(z.string()).describe('what was odd about the row and how it was read, e.g. an ISBN that failed its checksum'),
  extra: z.record(z.string(), z.string()).describe('every other non-empty column, by header, so nothing is dropped'),
}).meta({ id: 'ImportedBook' });
export type TImportedBook = z.infer<typeof ZImportedBook>;

/** The fields a column can feed (the vocabulary of column mappings, including Gemini's). */
export const IMPORT_FIELDS = [
  'title',
  'author',
  'authorLastFirst',
  'additionalAuthors',
  'contributors',
  'isbn',
  'isbn13',
  'isbnList',
  'sourceId',
  'status',
  'rating',
  'shelves',
  'dateRead',
  'datesRead',
  'dateStarted',
  'dateAdded',
  'readCount',
  'owned',
  'ownedCopies',
  'review',
  'spoiler',
  'privateNotes',
  'pageCount',
  'publisher',
  'year',
  'originalYear',
  'binding',
] as const;
export const ZImportField = z.enum(IMPORT_FIELDS);
export type TImportField = z.infer<typeof ZImportField>;

/** Field → header name, as the job read the file. */
export const ZColumnMapping = z.partialRecord(ZImportField, z.string());
export type TColumnMapping = z.infer<typeof ZColumnMapping>;

/** `details` of a csv-import job's summary. */
export const ZCsvImportDetails = z.object({
  format: ZCsvFormat,
  mappedBy: z.enum(['format', 'synonyms', 'gemini']),
  encoding: z.string(),
  delimiter: z.string(),
  rows: z.number().int().nonnegative(),
  mapping: ZColumnMapping,
  unmappedColumns: z.array(z.string()),
  reusedParse: z.boolean(),
});
export type TCsvImportDetails = z.infer<typeof ZCsvImportDetails>;

/** The input kept on an `invalid` item whose row could not be read as a book. */
export const ZInvalidRow = z.object({
  line: z.number().int().positive(),
  raw: z.string().describe('the row as written (first line, truncated)'),
  cells: z.record(z.string(), z.string()).describe('the cells that could be read, by header'),
});
export type TInvalidRow = z.infer<typeof ZInvalidRow>;
