import type { TColumnMapping, TCsvFormat, TImportField } from '../../contract/imports.js';

/** How a format writes what the header alone does not say. */
export interface Dialect {
  /** The author column names one person (Goodreads), a comma-separated list (StoryGraph), or either. */
  authorCell: 'one' | 'list' | 'guess';
  /**
   * The additional-authors column: names written "Last, First" (LibraryThing's Secondary Author), a
   * comma-separated list of names in display order (Goodreads' Additional Authors), or unknown.
   */
  additionalAuthors: 'lastFirst' | 'list' | 'guess';
  /** No status column: it is inferred from the reading dates (and LibraryThing's collections). */
  statusFromDates: boolean;
}

const DIALECTS: Record<TCsvFormat, Dialect> = {
  goodreads: { authorCell: 'one', additionalAuthors: 'list', statusFromDates: false },
  storygraph: { authorCell: 'list', additionalAuthors: 'list', statusFromDates: false },
  librarything: { authorCell: 'one', additionalAuthors: 'lastFirst', statusFromDates: true },
  generic: { authorCell: 'guess', additionalAuthors: 'guess', statusFromDates: false },
};

/** How rows of `format` are written. */
export function dialectOf(format: TCsvFormat): Dialect {
  return DIALECTS[format];
}

/** The exact columns of each known export (peers.md §A.2); the rest of a row goes to `extra`. */
const KNOWN: Record<Exclude<TCsvFormat, 'generic'>, Partial<Record<TImportField, readonly string[]>>> = {
  goodreads: {
    sourceId: ['Book Id'],
    title: ['Title'],
    author: ['Author'],
    authorLastFirst: ['Author l-f'],
    additionalAuthors: ['Additional Authors'],
    isbn: ['ISBN'],
    isbn13: ['ISBN13'],
    rating: ['My Rating'],
    publisher: ['Publisher'],
    binding: ['Binding'],
    pageCount: ['Number of Pages'],
    year: ['Year Published'],
    originalYear: ['Original Publication Year'],
    dateRead: ['Date Read'],
    dateAdded: ['Date Added'],
    shelves: ['Bookshelves'],
    status: ['Exclusive Shelf'],
    review: ['My Review'],
    spoiler: ['Spoiler'],
    privateNotes: ['Private Notes'],
    readCount: ['Read Count'],
    ownedCopies: ['Owned Copies'],
  },
  storygraph: {
    title: ['Title'],
    author: ['Authors', 'Author'],
    contributors: ['Contributors'],
    isbn: ['ISBN/UID', 'ISBN'],
    binding: ['Format'],
    status: ['Read Status'],
    dateAdded: ['Date Added'],
    dateRead: ['Last Date Read'],
    datesRead: ['Dates Read'],
    readCount: ['Read Count'],
    rating: ['Star Rating'],
    review: ['Review'],
    shelves: ['Tags'],
    owned: ['Owned?'],
  },
  librarything: {
    sourceId: ['Book Id'],
    title: ['Title'],
    authorLastFirst: ['Primary Author'],
    additionalAuthors: ['Secondary Author'],
    publisher: ['Publication'],
    year: ['Date'],
    review: ['Review'],
    rating: ['Rating'],
    privateNotes: ['Private Comment'],
    binding: ['Media'],
    pageCount: ['Page Count'],
    dateStarted: ['Date Started'],
    dateRead: ['Date Read'],
    shelves: ['Tags'],
    isbn: ['ISBN'],
    isbnList: ['ISBNs'],
    ownedCopies: ['Copies'],
    dateAdded: ['Entry Date'],
  },
};

/** The columns a known export names each field with (the first present is used). */
export function knownColumns(format: Exclude<TCsvFormat, 'generic'>): Partial<Record<TImportField, readonly string[]>> {
  return KNOWN[format];
}

const has = (header: readonly string[], ...names: string[]) => names.every((n) => header.includes(n));

/** The export a header comes from, by the columns only that export has. */
export function detectFormat(header: readonly string[]): Exclude<TCsvFormat, 'generic'> | null {
  if (has(header, 'Title', 'Exclusive Shelf', 'My Rating') || has(header, 'Book Id', 'Title', 'Author l-f')) return 'goodreads';
  if (has(header, 'Title', 'Read Status') && (header.includes('ISBN/UID') || header.includes('Star Rating'))) return 'storygraph';
  if (has(header, 'Title', 'Primary Author') && (header.includes('Sort Character') || header.includes('Book Id'))) return 'librarything';
  return null;
}

/** The mapping of a known export: each field to the first of its columns the header has. */
export function knownMapping(format: Exclude<TCsvFormat, 'generic'>, header: readonly string[]): TColumnMapping {
  const mapping: TColumnMapping = {};
  for (const [field, names] of Object.entries(KNOWN[format]) as [TImportField, readonly string[]][]) {
    const found = names.find((n) => header.includes(n));
    if (found !== undefined) mapping[field] = found;
  }
  return mapping;
}
