import type { TImportedBook } from '../../contract/imports.js';
import { bookKey } from '../enrichment/normalize.js';
import { naturalTitle } from './normalize/titles.js';

/** Where a row was first seen: its item index and line. */
export interface FirstSighting {
  index: number;
  line: number;
}

/** What the user recorded about a copy and its reading that tells two rows of one title apart. */
const RECORDED = ['isbn13', 'asin', 'pageCount', 'edition', 'year', 'reads', 'shelf', 'shelves', 'rating'] as const;
type RecordedFacts = Record<(typeof RECORDED)[number], string | null>;

const sortedText = (values: readonly string[]) => (values.length === 0 ? null : values.map((v) => v.toLowerCase()).sort().join('|'));
const numberText = (n: number | null) => (n === null ? null : String(n));

/** A row's recorded facts in comparable form (case, order of lists ignored); null where the row says nothing. */
function factsOf(book: TImportedBook): RecordedFacts {
  return {
    isbn13: book.isbn13,
    asin: book.asin,
    pageCount: numberText(book.pageCount),
    // "Kindle Edition" and "ebook" are one format; a binding no format covers is compared as written.
    edition: book.format ?? book.binding?.toLowerCase() ?? null,
    year: numberText(book.year),
    reads: sortedText(book.reads.map((r) => `${r.started ?? ''}/${r.finished ?? ''}`)),
    shelf: (book.shelf ?? book.status)?.toLowerCase() ?? null,
    shelves: sortedText(book.shelves),
    rating: numberText(book.rating),
  };
}

/** A fact both rows recorded with different values; one row saying nothing is no difference. */
function differs(a: RecordedFacts, b: RecordedFacts): boolean {
  return RECORDED.some((fact) => a[fact] !== null && b[fact] !== null && a[fact] !== b[fact]);
}

interface Sighting extends FirstSighting {
  facts: RecordedFacts;
}

/**
 * Finds rows that repeat an earlier row of the same file, one row at a time in file order. A row
 * repeats an earlier one when it is the same book, by the same ISBN-13 or by the same title and
 * first author (articles, case, punctuation and a sort-form title ignored), and nothing the user
 * recorded on both differs: ISBN, ASIN, page count, format or binding, year, read dates, exclusive
 * shelf, shelves, rating. A value on one row only is no difference (a repeat with less filled in).
 * Rows that differ (a 45-page story and the 447-page collection of the same name, a Kindle copy
 * read on other dates) are separate books, and a later row is compared with each of them.
 */
export class DuplicateFinder {
  private readonly byIsbn = new Map<string, Sighting[]>();
  private readonly byTitle = new Map<string, Sighting[]>();

  /** The earlier row `book` repeats, or undefined (then it is remembered as a book of its own). */
  check(index: number, book: TImportedBook): FirstSighting | undefined {
    const facts = factsOf(book);
    const firstAuthor = book.authors.find((a) => a.role === null)?.name ?? book.authors[0]?.name ?? '';
    const titleKey = book.title === null ? null : bookKey(naturalTitle(book.title), firstAuthor);
    const sameIsbn = book.isbn13 === null ? [] : (this.byIsbn.get(book.isbn13) ?? []);
    const sameTitle = titleKey === null ? [] : (this.byTitle.get(titleKey) ?? []);
    const first = [...sameIsbn, ...sameTitle].sort((a, b) => a.index - b.index).find((earlier) => !differs(earlier.facts, facts));
    if (first) return { index: first.index, line: first.line };
    const sighting: Sighting = { index, line: book.line, facts };
    if (book.isbn13 !== null) remember(this.byIsbn, book.isbn13, sighting);
    if (titleKey !== null) remember(this.byTitle, titleKey, sighting);
    return undefined;
  }
}

function remember(map: Map<string, Sighting[]>, key: string, sighting: Sighting): void {
  const list = map.get(key);
  if (list) list.push(sighting);
  else map.set(key, [sighting]);
}
