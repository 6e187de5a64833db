import { describe, expect, it } from 'vitest';
import { detectFormat, dialectOf } from '../../src/jobs/csv-import/formats.js';
import { mapRow, resolveMapping } from '../../src/jobs/csv-import/map-row.js';
import { cleanCell, intCell } from '../../src/jobs/csv-import/normalize/cells.js';
import { parseDate, parseReads } from '../../src/jobs/csv-import/normalize/dates.js';
import { readIdentifiers } from '../../src/jobs/csv-import/normalize/identifiers.js';
import { readPeople } from '../../src/jobs/csv-import/normalize/people.js';
import { naturalTitle } from '../../src/jobs/csv-import/normalize/titles.js';
import { readRating, readStatus } from '../../src/jobs/csv-import/normalize/values.js';
import { isUnderstood, synonymMapping } from '../../src/jobs/csv-import/synonyms.js';

describe('cells and identifiers', () => {
  it('unwraps Excel guards and LibraryThing brackets; empty is null', () => {
    expect(cleanCell('="9781250313195"')).toBe('9781250313195');
    expect(cleanCell('=""')).toBeNull();
    expect(cleanCell('[2007-04-16]')).toBe('2007-04-16');
    expect(cleanCell('   ')).toBeNull();
    expect(intCell('590 p.; 7.24 inches')).toBe(590);
    expect(intCell('1,024')).toBe(1024);
  });

  it('validates checksums, converts ISBN-10 ↔ 13, and keeps ASINs apart', () => {
    expect(readIdentifiers(['1250313198', null])).toEqual({ isbn13: '9781250313195', isbn10: '1250313198', asin: null, notes: [] });
    expect(readIdentifiers(['978-1-2503-1319-5'])).toMatchObject({ isbn13: '9781250313195', isbn10: '1250313198' });
    expect(readIdentifiers(['2070291340, 9782070291342'])).toMatchObject({ isbn13: '9782070291342', isbn10: '2070291340' });
    expect(readIdentifiers(['B07MNWKF2M'])).toMatchObject({ isbn13: null, asin: 'B07MNWKF2M' });
    const bad = readIdentifiers(['9781250313196']);
    expect(bad.isbn13).toBeNull();
    expect(bad.notes[0]).toContain('fails its checksum');
  });

  it('takes only the real ASIN shape (B0 and eight letters or digits); a word in the ISBN column is a note', () => {
    expect(readIdentifiers(['AlexisGlyn'])).toEqual({ isbn13: null, isbn10: null, asin: null, notes: ['"AlexisGlyn" is neither an ISBN nor an ASIN; not used'] });
    expect(readIdentifiers(['ABCDEFGHIJ', 'B0ALEXISGL'])).toMatchObject({ asin: 'B0ALEXISGL', notes: ['"ABCDEFGHIJ" is neither an ISBN nor an ASIN; not used'] });
    expect(readIdentifiers(['b07mnwkf2m'])).toMatchObject({ asin: 'B07MNWKF2M', notes: [] });
    // An ISBN-10 is also the Amazon id of a book: it stays an ISBN.
    expect(readIdentifiers(['0441172717'])).toEqual({ isbn13: '9780441172719', isbn10: '0441172717', asin: null, notes: [] });
  });
});

describe('sort-form titles', () => {
  it.each([
    ['Book of Grief and Praise, The', 'The Book of Grief and Praise'],
    ['Hobbit, The', 'The Hobbit'],
    ['Hobbit, The (Middle-earth, #0)', 'The Hobbit (Middle-earth, #0)'],
    ['Hobbit, The: or There and Back Again', 'The Hobbit: or There and Back Again'],
    ['Lion, the Witch and the Wardrobe, The', 'The Lion, the Witch and the Wardrobe'],
    ['Wrinkle in Time, A', 'A Wrinkle in Time'],
    ['Unquiet Grave, An', 'An Unquiet Grave'],
    ['Misérables, Les', 'Les Misérables'],
    ['Petit Prince, Le', 'Le Petit Prince'],
    ['Zauberberg, Der', 'Der Zauberberg'],
    ['Verwandlung, Die', 'Die Verwandlung'],
    ['Parfum, Das', 'Das Parfum'],
    ['Túnel, El', 'El Túnel'],
    ["Étranger, L'", "L'Étranger"],
    ['Cry, the Beloved Country', 'Cry, the Beloved Country'],
    ['I, Claudius', 'I, Claudius'],
    ['Henry IV, Part I', 'Henry IV, Part I'],
    ['Dune', 'Dune'],
  ])('%s → %s', (sortForm, natural) => {
    expect(naturalTitle(sortForm)).toBe(natural);
  });
});

describe('dates', () => {
  it.each([
    ['2024/10/10', '2024-10-10'],
    ['2007-04-16', '2007-04-16'],
    ['Oct 10, 2024', '2024-10-10'],
    ['10 October 2024', '2024-10-10'],
    ['13/03/2024', '2024-03-13'],
    ['03/13/2024', '2024-03-13'],
    ['2019', '2019'],
    ['2021/02/30', null],
    ['soon', null],
  ])('%s → %s', (raw, expected) => {
    expect(parseDate(raw)).toBe(expected);
  });

  it("reads StoryGraph's Dates Read as a list of reads", () => {
    expect(parseReads('2023/05/23-2023/06/07, 2024/01/02')).toEqual([
      { started: '2023-05-23', finished: '2023-06-07' },
      { started: null, finished: '2024-01-02' },
    ]);
    expect(parseReads('2023-05-23-2023-06-07')).toEqual([{ started: '2023-05-23', finished: '2023-06-07' }]);
  });
});

describe('people, status, rating', () => {
  it('turns "Last, First" round and keeps contributors with roles', () => {
    expect(readPeople('Cortazar, Julio', { shape: 'one', lastFirst: true })).toEqual([{ name: 'Julio Cortazar', role: null }]);
    expect(readPeople('Ursula K. Le Guin, Todd Barton', { shape: 'list' }).map((p) => p.name)).toEqual(['Ursula K. Le Guin', 'Todd Barton']);
    expect(readPeople('King, Stephen')).toEqual([{ name: 'Stephen King', role: null }]);
    expect(readPeople('Shvorne Marks (Narrator), Anne Cazor (Translator, Editor)', { defaultRole: 'Contributor' })).toEqual([
      { name: 'Shvorne Marks', role: 'Narrator' },
      { name: 'Anne Cazor', role: 'Translator, Editor' },
    ]);
    expect(readPeople('Martin Luther King, Jr.', { shape: 'one' })).toEqual([{ name: 'Martin Luther King, Jr.', role: null }]);
  });

  it('maps the standard shelves and keeps custom ones as custom', () => {
    expect(['read', 'currently-reading', 'to-read', 'did-not-finish', 'DNF', 'abandoned', 'favourites'].map(readStatus)).toEqual([
      'read',
      'currently_reading',
      'to_read',
      'did_not_finish',
      'did_not_finish',
      'did_not_finish',
      'custom',
    ]);
  });

  it('keeps fractions, treats 0 as unrated, and refuses values off the scale', () => {
    expect(readRating('4.5').rating).toBe(4.5);
    expect(readRating('3.75').rating).toBe(3.75);
    expect(readRating('0').rating).toBeNull();
    expect(readRating('8/10').rating).toBe(4);
    expect(readRating('★★★').rating).toBe(3);
    expect(readRating('11')).toEqual({ rating: null, note: 'rating "11" is not on a 0–5 scale; not used' });
  });
});

describe('formats and mapping', () => {
  it('detects each export by its header', () => {
    expect(detectFormat(['Book Id', 'Title', 'Author', 'Author l-f', 'My Rating', 'Exclusive Shelf'])).toBe('goodreads');
    expect(detectFormat(['Title', 'Authors', 'ISBN/UID', 'Read Status', 'Star Rating'])).toBe('storygraph');
    expect(detectFormat(['Book Id', 'Title', 'Sort Character', 'Primary Author'])).toBe('librarything');
    expect(detectFormat(['Book Name', 'Writer'])).toBeNull();
  });

  it('maps a custom spreadsheet by synonyms', () => {
    const mapping = synonymMapping(['Book Name', 'Writer', 'ISBN-13', 'Stars', 'Finished on', 'Shelf', 'Colour']);
    expect(mapping).toEqual({ title: 'Book Name', author: 'Writer', isbn13: 'ISBN-13', rating: 'Stars', dateRead: 'Finished on', status: 'Shelf' });
    expect(isUnderstood(mapping)).toBe(true);
    expect(isUnderstood(synonymMapping(['Livre', 'Écrivain']))).toBe(false);
  });

  it('reads a row into the user book, keeps unmapped columns, and refuses a row with neither title nor ISBN', () => {
    const header = ['Book Name', 'Writer', 'ISBN-13', 'Stars', 'Colour'];
    const m = resolveMapping(header, synonymMapping(header));
    const ok = mapRow({ line: 2, fields: ['Dune', 'Herbert, Frank', '="9780441172719"', '4,5', 'blue'] }, m, dialectOf('generic'));
    expect(ok).toMatchObject({ ok: true, book: { line: 2, title: 'Dune', authors: [{ name: 'Frank Herbert', role: null }], isbn13: '9780441172719', rating: 4.5, extra: { Colour: 'blue' } } });
    const empty = mapRow({ line: 3, fields: ['', 'Someone', '', '', ''] }, m, dialectOf('generic'));
    expect(empty).toMatchObject({ ok: false, code: 'CSV_ROW_EMPTY', row: { line: 3, cells: { Writer: 'Someone' } } });
  });
});
