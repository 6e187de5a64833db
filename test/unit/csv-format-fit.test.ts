import { describe, expect, it } from 'vitest';
import { createTestStore } from '../helpers/job-system.js';
import { chooseMapping } from '../../src/jobs/csv-import/column-mapping.js';
import { formatFit } from '../../src/jobs/csv-import/format-fit.js';

const GOODREADS = ['Book Id', 'Title', 'Author', 'Author l-f', 'Additional Authors', 'ISBN', 'ISBN13', 'My Rating', 'Exclusive Shelf', 'Bookshelves', 'Date Read'];
const SPREADSHEET = ['Book Name', 'Writer', 'ISBN-13', 'Stars'];

describe('formatFit: a header against the format the user chose', () => {
  it('a Goodreads header read as LibraryThing: title found, author and rating columns missing, and recognised as Goodreads', () => {
    expect(formatFit('librarything', GOODREADS)).toEqual({ titleMissing: false, missing: ['"Primary Author"', '"Rating"'], looksLike: 'goodreads' });
  });

  it('a genuine export fits its format, older headers included', () => {
    expect(formatFit('goodreads', GOODREADS)).toEqual({ titleMissing: false, missing: [], looksLike: null });
    const oldStoryGraph = ['Title', 'Author', 'ISBN', 'Format', 'Read Status', 'Date Added', 'Star Rating', 'Tags', 'Owned?'];
    expect(formatFit('storygraph', oldStoryGraph)).toEqual({ titleMissing: false, missing: [], looksLike: null });
  });

  it('a spreadsheet read as StoryGraph has no title column for it', () => {
    expect(formatFit('storygraph', SPREADSHEET)).toMatchObject({ titleMissing: true, looksLike: null });
  });
});

describe('chooseMapping with a format named by the user', () => {
  const deps = { mapper: undefined, cache: createTestStore().store.cache, now: Date.now };
  const call = { signal: new AbortController().signal };

  it('refuses a format whose title column the header lacks, naming the columns expected and found (no silent fall-back to generic)', async () => {
    const refused = chooseMapping(SPREADSHEET, [], 'storygraph', deps, call);
    await expect(refused).rejects.toMatchObject({ code: 'CSV_FORMAT_MISMATCH', retryable: false, field: 'format' });
    const message = await refused.catch((e: unknown) => (e as Error).message);
    expect(message).toContain('does not fit the StoryGraph format that was chosen: it has no "Title" column');
    expect(message).toContain('"Title", "Authors", "Contributors", "ISBN/UID"');
    expect(message).toContain('this header has 4 column(s): "Book Name", "Writer", "ISBN-13", "Stars"');
  });

  it('reads a header that fits in part as asked, with a mismatch to warn about', async () => {
    const chosen = await chooseMapping(GOODREADS, [], 'librarything', deps, call);
    expect(chosen).toMatchObject({ format: 'librarything', mappedBy: 'format', mapping: { title: 'Title', isbn: 'ISBN' } });
    expect(chosen.mismatch).toBe(
      'the header does not fit the LibraryThing format that was chosen; it lacks "Primary Author", "Rating", so those fields stay empty; it looks like a Goodreads export (format auto would read it as one); columns found: "Book Id", "Title", "Author", "Author l-f", "Additional Authors", "ISBN", "ISBN13", "My Rating", "Exclusive Shelf", "Bookshelves", "Date Read"',
    );
    expect((await chooseMapping(GOODREADS, [], 'goodreads', deps, call)).mismatch).toBeUndefined();
    expect((await chooseMapping(GOODREADS, [], 'auto', deps, call)).mismatch).toBeUndefined();
  });
});
