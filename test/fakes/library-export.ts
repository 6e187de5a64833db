import { syntheticCatalogue, type FakeBook } from './catalogue.js';
import { prng } from './fake-upstream.js';
import { goodreadsCsv } from './goodreads-csv.js';

/**
 * Which providers know a book, as a share of the books somebody knows. Most are at OpenLibrary
 * (often also elsewhere); the rest are only found by falling back to Google Books or ISBNdb, which
 * is what makes a real library cost calls at the slow providers too.
 */
export const KNOWN_MIX: readonly { name: string; share: number; in: FakeBook['in'] }[] = [
  { name: 'openlibrary+google+isbndb', share: 0.3, in: { openlibrary: true, googleBooks: true, isbndb: true } },
  { name: 'openlibrary+google', share: 0.25, in: { openlibrary: true, googleBooks: true, isbndb: false } },
  { name: 'openlibrary only', share: 0.15, in: { openlibrary: true, googleBooks: false, isbndb: false } },
  { name: 'openlibrary+isbndb', share: 0.1, in: { openlibrary: true, googleBooks: false, isbndb: true } },
  { name: 'google only', share: 0.1, in: { openlibrary: false, googleBooks: true, isbndb: false } },
  { name: 'google+isbndb', share: 0.05, in: { openlibrary: false, googleBooks: true, isbndb: true } },
  { name: 'isbndb only', share: 0.05, in: { openlibrary: false, googleBooks: false, isbndb: true } },
];

const CO_AUTHORS = ['Maren Solberg', 'Teodor Vasquez', 'Yuki Tanabe', 'Odile Marchetti', 'Rafe Okonkwo', 'Signe Halvorsen'];
const SERIES = ['Lantern Cycle', 'Northmarch', 'The Glass Saga', 'Tidewater Chronicles', 'Ember Court'];

export interface LibraryExportOptions {
  rows: number;
  seed?: number;
  /** Rows whose ISBN and ISBN13 cells are empty (`=""`), as Goodreads writes books it has no ISBN for. */
  noIsbnShare?: number;
  /** Books no provider knows (self-published, out of print, typos). */
  unknownShare?: number;
}

export interface LibraryExport {
  /** Every book of the export with its ISBN, for the fakes (unknown ones are in no provider). */
  catalogue: FakeBook[];
  /** The file, Goodreads-shaped. */
  csv: string;
  /** How many rows fell in each group, to print beside the results. */
  mix: { rows: number; withoutIsbn: number; unknown: number; known: Record<string, number> };
}

/** The indices 0..n-1 in a seeded order: exact shares, spread over the file rather than in blocks. */
function shuffled(n: number, random: () => number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] ?? j, out[i] ?? i];
  }
  return out;
}

/**
 * A synthetic Goodreads library export of `rows` books and the catalogue the fakes should serve
 * for it, the same for the same seed. Shares are exact (rounded), not drawn per row, so two runs
 * of one size cost the same calls. Some rows carry a second author or a Goodreads series suffix
 * ("Title (Series, #2)") on the title, as real exports do; the catalogue keeps the bare title.
 */
export function libraryExport(opts: LibraryExportOptions): LibraryExport {
  const { rows, seed = 1, noIsbnShare = 0.25, unknownShare = 0.1 } = opts;
  const random = prng(seed);
  const catalogue = syntheticCatalogue(rows, seed);

  const byKnowledge = shuffled(rows, random);
  const unknownCount = Math.round(rows * unknownShare);
  const known: Record<string, number> = {};
  byKnowledge.forEach((index, rank) => {
    const book = catalogue[index];
    if (!book) return;
    if (rank < unknownCount) {
      book.in = { openlibrary: false, googleBooks: false, isbndb: false };
      return;
    }
    // Walk the cumulative shares with this row's position among the known ones.
    const position = (rank - unknownCount + 0.5) / (rows - unknownCount);
    let edge = 0;
    const group = KNOWN_MIX.find((g) => (edge += g.share) >= position) ?? KNOWN_MIX[0]!;
    book.in = { ...group.in };
    known[group.name] = (known[group.name] ?? 0) + 1;
  });

  for (const book of catalogue) {
    if (random() < 0.12) book.authors = [...book.authors, CO_AUTHORS[Math.floor(random() * CO_AUTHORS.length)]!];
  }

  const withoutIsbn = new Set(shuffled(rows, random).slice(0, Math.round(rows * noIsbnShare)));
  const asExported = catalogue.map((book, i) => {
    const series = random() < 0.15 ? ` (${SERIES[i % SERIES.length]!}, #${1 + (i % 7)})` : '';
    return { ...book, title: book.title + series, ...(withoutIsbn.has(i) ? { isbn13: undefined } : {}) };
  });

  return { catalogue, csv: goodreadsCsv(asExported), mix: { rows, withoutIsbn: withoutIsbn.size, unknown: unknownCount, known } };
}
