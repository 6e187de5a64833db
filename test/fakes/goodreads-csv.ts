import type { FakeBook } from './catalogue.js';

export const GOODREADS_HEADER =
  'Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies';

const SHELVES = ['read', 'to-read', 'currently-reading', 'did-not-finish'] as const;
const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const lastFirst = (name: string) => {
  const parts = name.split(' ');
  return parts.length > 1 ? `${parts.at(-1)}, ${parts.slice(0, -1).join(' ')}` : name;
};

/**
 * A Goodreads library export (current 24-column header) of `books`, written as Goodreads writes
 * it: Excel-guarded ISBNs (`="…"`), `YYYY/MM/DD` dates, 0 for unrated, HTML in reviews. Rows vary
 * by index (shelf, rating, dates); `reviewChars` pads reviews to make files of a given size.
 */
export function goodreadsCsv(books: readonly FakeBook[], opts: { reviewChars?: number; eol?: '\n' | '\r\n' } = {}): string {
  const eol = opts.eol ?? '\n';
  const filler = 'A fine read.<br/>'.repeat(Math.ceil((opts.reviewChars ?? 0) / 17)).slice(0, opts.reviewChars ?? 0);
  const rows = books.map((book, i) => {
    const shelf = SHELVES[i % SHELVES.length] ?? 'read';
    const author = book.authors[0] ?? '';
    const isbn10 = book.isbn13?.startsWith('978') ? isbn10Of(book.isbn13) : '';
    const month = String((i % 12) + 1).padStart(2, '0');
    const cells = [
      String(10_000 + i),
      book.title,
      author,
      lastFirst(author),
      book.authors.slice(1).join(', '),
      `="${isbn10}"`,
      `="${book.isbn13 ?? ''}"`,
      String(i % 6),
      '3.95',
      book.publisher ?? '',
      book.binding ?? 'Paperback',
      String(book.pageCount ?? ''),
      book.publishedDate?.slice(0, 4) ?? '',
      '',
      shelf === 'read' ? `2024/${month}/15` : '',
      `2023/${month}/01`,
      shelf === 'read' ? 'favourites' : shelf,
      shelf === 'read' ? 'favourites (#1)' : `${shelf} (#${i})`,
      shelf,
      filler,
      'false',
      '',
      shelf === 'read' ? '1' : '0',
      String(i % 2),
    ];
    return cells.map(quote).join(',');
  });
  return [GOODREADS_HEADER, ...rows].join(eol) + eol;
}

function isbn10Of(isbn13: string): string {
  const core = isbn13.slice(3, 12);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * Number(core[i]);
  const check = (11 - (sum % 11)) % 11;
  return core + (check === 10 ? 'X' : String(check));
}
