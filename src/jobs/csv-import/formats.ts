import type { TColumnMapping, TCsvFormat, TImportField } from '../../contract/imports.js';

/** How a format writes what the header alone does not say. */
export interface Dialect {
  /** Person names are "Last, First" (LibraryThing). */
  namesLastFirst: boolean;
  /** The author column names one person (Goodreads), a comma-separated list (StoryGraph), or either. */
  authorCell: 'one' | 'list' | 'guess';
  /** No status column: it is inferred from the reading dates (and LibraryThing's collections). */
  statusFromDates: boolean;
}

const DIALECTS: Record<TCsvFormat, Dialect> = {
  goodreads: { namesLastFirst: false, authorCell: 'one', statusFromDates: false },
  storygraph: { namesLastFirst: false, authorCell: 'list', statusFromDates: false },
  librarything: { namesLastFirst: true, authorCell: 'one', statusFromDates: true },
  generic: { namesLastFirst: false, authorCell: 'guess', statusFromDates: false },
};

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

/** Header spellings of any spreadsheet, compared after `headerKey` (lower case, letters and digits). */
const SYNONYMS: Record<TImportField, readonly string[]> = {
  title: ['title', 'book title', 'book name', 'name of book', 'book', 'name', 'titel', 'titre', 'titulo', 'título'],
  author: ['author', 'authors', 'writer', 'writers', 'author name', 'author s', 'by', 'creator', 'auteur', 'autor', 'author first last'],
  authorLastFirst: ['author l f', 'author last first', 'author lastname firstname', 'primary author', 'sort author', 'author sort'],
  additionalAuthors: ['additional authors', 'co authors', 'coauthors', 'other authors', 'secondary author', 'secondary authors'],
  contributors: ['contributors', 'contributor', 'narrator', 'translator', 'illustrator'],
  isbn: ['isbn', 'isbn10', 'isbn 10', 'isbn uid', 'isbn number', 'isbn no'],
  isbn13: ['isbn13', 'isbn 13', 'ean', 'ean13', 'ean 13'],
  isbnList: ['isbns'],
  sourceId: ['book id', 'bookid', 'goodreads id', 'librarything id'],
  status: ['status', 'read status', 'reading status', 'exclusive shelf', 'shelf', 'state', 'bookshelf', 'progress'],
  rating: ['rating', 'my rating', 'stars', 'star rating', 'score', 'rate', 'my score', 'my stars', 'note'],
  shelves: ['tags', 'tag', 'shelves', 'bookshelves', 'labels', 'label', 'lists', 'genres', 'genre', 'categories'],
  dateRead: ['date read', 'read date', 'last date read', 'date finished', 'finished', 'finish date', 'finished on', 'date completed', 'end date', 'completed'],
  datesRead: ['dates read', 'reading dates'],
  dateStarted: ['date started', 'started', 'start date', 'started on'],
  dateAdded: ['date added', 'added', 'added on', 'entry date', 'date acquired', 'acquired'],
  readCount: ['read count', 'times read', 'reads', 'number of reads'],
  owned: ['owned', 'own', 'owned ', 'in library', 'i own it'],
  ownedCopies: ['owned copies', 'copies', 'number of copies'],
  review: ['review', 'my review', 'comment', 'comments', 'thoughts'],
  spoiler: ['spoiler', 'spoilers'],
  privateNotes: ['private notes', 'notes', 'private comment', 'note to self', 'private'],
  pageCount: ['pages', 'number of pages', 'page count', 'num pages', 'no of pages', 'length', 'page'],
  publisher: ['publisher', 'publishers', 'publication', 'publication info', 'publishing house', 'imprint'],
  year: ['year', 'year published', 'publication year', 'published', 'pub year', 'date published', 'publication date', 'published year'],
  originalYear: ['original publication year', 'first published', 'original year', 'year first published'],
  binding: ['binding', 'format', 'media', 'edition format', 'book format', 'type', 'cover'],
};

/** "ISBN-13" → "isbn 13", "Owned?" → "owned": the comparable form of a header. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const BY_KEY = new Map<string, TImportField>();
for (const [field, keys] of Object.entries(SYNONYMS) as [TImportField, readonly string[]][]) {
  for (const key of keys) if (!BY_KEY.has(headerKey(key))) BY_KEY.set(headerKey(key), field);
}

/** Maps any header by synonyms; each field takes the first column that names it. */
export function synonymMapping(header: readonly string[]): TColumnMapping {
  const mapping: TColumnMapping = {};
  for (const name of header) {
    const field = BY_KEY.get(headerKey(name));
    if (field !== undefined && mapping[field] === undefined) mapping[field] = name;
  }
  return mapping;
}

/** A mapping is understood when it has a title and something to find the book by besides it. */
export function isUnderstood(mapping: TColumnMapping): boolean {
  return mapping.title !== undefined && (mapping.author !== undefined || mapping.authorLastFirst !== undefined || mapping.isbn !== undefined || mapping.isbn13 !== undefined || mapping.isbnList !== undefined);
}
