import type { TColumnMapping, TImportField } from '../../contract/imports.js';

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
