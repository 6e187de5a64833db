import { describe, expect, it } from 'vitest';
import type { TImportedBook } from '../../src/contract/imports.js';
import { DuplicateFinder } from '../../src/jobs/csv-import/dedupe.js';

/** A row as mapRow makes it: nothing recorded but what the case sets. */
function row(line: number, title: string | null, author: string, more: Partial<TImportedBook> = {}): TImportedBook {
  return {
    line,
    title,
    authors: [{ name: author, role: null }],
    isbn13: null,
    isbn10: null,
    asin: null,
    sourceId: null,
    status: null,
    shelf: null,
    rating: null,
    reads: [],
    readCount: null,
    dateAdded: null,
    shelves: [],
    owned: null,
    ownedCopies: null,
    review: null,
    spoiler: null,
    privateNotes: null,
    pageCount: null,
    publisher: null,
    year: null,
    originalYear: null,
    format: null,
    binding: null,
    notes: [],
    extra: {},
    ...more,
  };
}

/** Each repeated row's index with the row it repeats. */
function repeats(rows: readonly TImportedBook[]): (readonly [number, { index: number; line: number }])[] {
  const finder = new DuplicateFinder();
  return rows.flatMap((book, index) => {
    const first = finder.check(index, book);
    return first ? [[index, first] as const] : [];
  });
}

describe('DuplicateFinder', () => {
  it('marks repeats by ISBN, or by title and author unless both carry different ISBNs', () => {
    expect(
      repeats([
        row(2, 'The Hobbit', 'J.R.R. Tolkien', { isbn13: '9780261103344' }),
        row(3, 'hobbit', 'Tolkien, J.R.R.'),
        row(4, 'The Hobbit', 'J.R.R. Tolkien', { isbn13: '9780547928227' }),
        row(5, 'Other', 'Someone', { isbn13: '9780261103344' }),
        row(6, 'Exploitation on ARM (Volume 1)', 'Billy Ellis'),
        row(7, 'Exploitation on ARM (Volume 2)', 'Billy Ellis'),
      ]),
    ).toEqual([
      [1, { index: 0, line: 2 }],
      [3, { index: 0, line: 2 }],
    ]);
  });

  it('keeps a 45-page story and the 447-page collection of the same title and author apart', () => {
    expect(repeats([row(2, 'Exhalation', 'Ted Chiang', { pageCount: 45 }), row(3, 'Exhalation', 'Ted Chiang', { pageCount: 447 })])).toEqual([]);
  });

  it('keeps a Kindle copy read on other dates apart, but a row with less filled in is still a repeat', () => {
    const paper = row(2, 'Piranesi', 'Susanna Clarke', { binding: 'Paperback', format: 'Paperback', reads: [{ started: null, finished: '2021-03-01' }], shelf: 'read', status: 'read' });
    const kindle = row(3, 'Piranesi', 'Susanna Clarke', { binding: 'Kindle Edition', format: 'E-book', reads: [{ started: null, finished: '2023-07-14' }], shelf: 'read', status: 'read' });
    const bare = row(4, 'Piranesi', 'Susanna Clarke');
    expect(repeats([paper, kindle, bare])).toEqual([[2, { index: 0, line: 2 }]]);
  });

  const differing: [string, Partial<TImportedBook>, Partial<TImportedBook>][] = [
    ['year', { year: 2004 }, { year: 2019 }],
    ['read dates', { reads: [{ started: '2020-01-01', finished: '2020-02-01' }] }, { reads: [{ started: '2022-05-01', finished: '2022-05-20' }] }],
    ['exclusive shelf', { shelf: 'read' }, { shelf: 'to-read' }],
    ['shelves', { shelves: ['sci-fi'] }, { shelves: ['owned', 'signed'] }],
    ['rating', { rating: 2 }, { rating: 5 }],
    ['binding no format covers', { binding: 'Box set' }, { binding: 'Leather' }],
    ['ISBN, for the same ISBN-less title', { isbn13: '9780261103344' }, { isbn13: '9780547928227' }],
  ];
  it.each(differing)('keeps two rows of one title apart when their %s differ', (_, a, b) => {
    expect(repeats([row(2, 'Dune', 'Frank Herbert', a), row(3, 'Dune', 'Frank Herbert', b)])).toEqual([]);
  });

  it('a row repeating the second of two different copies is a repeat of that one; the same facts in other case and order still repeat', () => {
    const hardcover = row(2, 'Dune', 'Frank Herbert', { pageCount: 412, shelves: ['Classics', 'SF'] });
    const pocket = row(3, 'Dune', 'Frank Herbert', { pageCount: 896 });
    const again = row(4, 'Dune', 'Frank Herbert', { pageCount: 896, binding: 'Mass Market Paperback' });
    const sameShelves = row(5, 'Dune', 'Frank Herbert', { pageCount: 412, shelves: ['sf', 'classics'] });
    expect(repeats([hardcover, pocket, again, sameShelves])).toEqual([
      [2, { index: 1, line: 3 }],
      [3, { index: 0, line: 2 }],
    ]);
  });

  it('same ISBN but read on other dates is not a repeat; a sort-form title repeats its natural form', () => {
    const isbn13 = '9780441172719';
    expect(repeats([row(2, 'Dune', 'Frank Herbert', { isbn13, reads: [{ started: null, finished: '2019-01-01' }] }), row(3, 'Dune', 'Frank Herbert', { isbn13, reads: [{ started: null, finished: '2024-01-01' }] })])).toEqual([]);
    expect(repeats([row(2, 'The Hobbit', 'J.R.R. Tolkien'), row(3, 'Hobbit, The', 'Tolkien, J.R.R.')])).toEqual([[1, { index: 0, line: 2 }]]);
  });
});
