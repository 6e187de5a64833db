import { z } from 'zod';
import { IMPORT_FIELDS, type TImportField } from '../../contract/imports.js';
import type { CsvSample } from '../types.js';

/** Bump with any change to the prompt or the answer schema (it is the mapper's cache version). */
export const CSV_MAPPING_PROMPT_VERSION = 'csv-mapping-v1';

/** At most this many rows, each cell at most this long, are ever sent. */
export const CSV_SAMPLE_ROWS = 5;
export const CSV_SAMPLE_CELL_CHARS = 200;

/** One line per field: what a column must hold to feed it. */
const FIELD_MEANINGS: Record<TImportField, string> = {
  title: 'the book title',
  author: 'the primary author, written "First Last"',
  authorLastFirst: 'the primary author, written "Last, First"',
  additionalAuthors: 'further authors (several names in one cell)',
  contributors: 'names with their roles (narrator, translator, editor…)',
  isbn: 'an ISBN-10, or an ISBN of unknown kind',
  isbn13: 'an ISBN-13',
  isbnList: 'several ISBNs in one cell',
  sourceId: "the exporting site's own id of the book",
  status: 'the reading status or exclusive shelf (read, to-read, currently-reading…)',
  rating: "the user's rating of the book",
  shelves: 'tags or shelves (several in one cell)',
  dateRead: 'the date the book was finished',
  datesRead: 'a list of reads or read dates',
  dateStarted: 'the date the book was started',
  dateAdded: 'the date the book was added to the library',
  readCount: 'how many times the book was read',
  owned: 'whether the user owns the book (yes/no)',
  ownedCopies: 'how many copies the user owns',
  review: "the user's review",
  spoiler: 'whether the review has spoilers (yes/no)',
  privateNotes: "the user's private notes",
  pageCount: 'the number of pages',
  publisher: 'the publisher',
  year: 'the publication year of this edition',
  originalYear: 'the year the work was first published',
  binding: 'the binding or format (hardcover, paperback, ebook, audiobook…)',
};

export const CSV_MAPPING_SYSTEM_INSTRUCTION = [
  'You map the columns of a spreadsheet exported from a book-tracking app to known fields.',
  'You are given its header and a few sample rows as JSON. For each column, give the one field it holds, or null when none fits or you are unsure.',
  'Use each field at most once; copy each header exactly as given. The fields:',
  ...IMPORT_FIELDS.map((f) => `- ${f}: ${FIELD_MEANINGS[f]}`),
].join('\n');

/** The answer Gemini must give (sent to it as `responseJsonSchema`). */
export const ZCsvMappingAnswer = z.object({
  columns: z.array(
    z.object({
      header: z.string().describe('a header exactly as given'),
      field: z.enum(IMPORT_FIELDS).nullable().describe('the field this column holds, or null'),
    }),
  ),
});
export type TCsvMappingAnswer = z.infer<typeof ZCsvMappingAnswer>;

const cut = (cell: string) => (cell.length > CSV_SAMPLE_CELL_CHARS ? `${cell.slice(0, CSV_SAMPLE_CELL_CHARS)}…` : cell);

/**
 * The user turn: the header and the first rows (cells cut short), and nothing more of the file.
 * Headers are sent whole: the answer must quote them exactly.
 */
export function csvMappingPrompt(sample: CsvSample): string {
  const data = { header: sample.header, rows: sample.rows.slice(0, CSV_SAMPLE_ROWS).map((row) => row.map(cut)) };
  return `Map the columns of this spreadsheet.\n${JSON.stringify(data)}`;
}
