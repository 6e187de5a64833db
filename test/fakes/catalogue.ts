
/** One book as the fakes know it, and which providers know it. */
export interface FakeBook {
  isbn13?: string;
  title: string;
  subtitle?: string;
  authors: string[];
  publisher?: string;
  publishedDate?: string;
  pageCount?: number;
  description?: string;
  subjects: string[];
  binding?: string;
  language?: string;
  coverId?: number;
  olEditionKey: string;
  olWorkKey: string;
  googleVolumeId: string;
  goodreadsId?: string;
  in: { openlibrary: boolean; googleBooks: boolean; isbndb: boolean };
  /** Per provider overrides: a provider that lacks a field the others have (to test merging). */
  lacks?: Partial<Record<'openlibrary' | 'googleBooks' | 'isbndb', readonly (keyof FakeBook)[]>>;
}

/** ISBNs tests refer to, each with what it is for. */
export const FIXTURE_ISBNS = {
  /** This Is How You Lose the Time War: all three know it, each with different fields (merge). */
  everywhere: '9781534431003',
  /** Les ombres errantes (the OpenLibrary ISBN fixture): OpenLibrary only. */
  openLibraryOnly: '9782070427796',
  /** Harry Potter à l'école des sorciers (the Google ISBN fixture): Google only (fallback). */
  googleOnly: '9782070541270',
  /** Children of Time, Orbit edition (the Google search fixture): ISBNdb only. */
  isbndbOnly: '9780316452502',
  /** A Clockwork Orange (Goodreads export): OpenLibrary and Google. */
  clockwork: '9780241951446',
  /** A valid ISBN no provider knows. */
  unknown: '9780000000002',
} as const;

/** A small catalogue built from the recorded fixtures and a real Goodreads export. */
export function fixtureCatalogue(): FakeBook[] {
  return [
    {
      isbn13: FIXTURE_ISBNS.everywhere,
      title: 'This Is How You Lose the Time War',
      authors: ['Amal El-Mohtar', 'Max Gladstone'],
      publisher: 'Simon and Schuster',
      publishedDate: '2019-07-16',
      pageCount: 208,
      description: 'Among the ashes of a dying world, an agent of the Commandment finds a letter. It reads: Burn before reading. Thus begins an unlikely correspondence between two rival agents hellbent on securing the best possible future for their warring factions.',
      subjects: ['Science fiction', 'Epistolary', 'Time-traveling'],
      binding: 'Hardcover',
      language: 'eng',
      coverId: 8739161,
      olEditionKey: 'OL27901088M',
      olWorkKey: 'OL20639540W',
      googleVolumeId: 'TimeWarGB01',
      goodreadsId: '43352954',
      in: { openlibrary: true, googleBooks: true, isbndb: true },
      lacks: { openlibrary: ['description', 'pageCount'], googleBooks: ['coverId', 'binding'], isbndb: ['coverId', 'description'] },
    },
    {
      isbn13: FIXTURE_ISBNS.openLibraryOnly,
      title: 'Les ombres errantes',
      authors: ['Pascal Quignard'],
      publisher: 'Gallimard',
      publishedDate: '2002',
      subjects: [],
      olEditionKey: 'OL16262504M',
      olWorkKey: 'OL1950927W',
      googleVolumeId: 'OmbresGB01',
      goodreadsId: '1835483',
      in: { openlibrary: true, googleBooks: false, isbndb: false },
    },
    {
      isbn13: FIXTURE_ISBNS.googleOnly,
      title: "Harry Potter à l'école des sorciers",
      authors: ['J.K. Rowling'],
      publisher: 'Gallimard-Jeunesse',
      publishedDate: '1999-11-24',
      pageCount: 232,
      description: "Le jour de ses onze ans, Harry Potter, un orphelin élevé par un oncle et une tante qui le détestent, voit son existence bouleversée.",
      subjects: ['Juvenile Fiction / Fantasy & Magic'],
      language: 'fr',
      olEditionKey: 'OL0000001M',
      olWorkKey: 'OL0000001W',
      googleVolumeId: '57i3AAAACAAJ',
      in: { openlibrary: false, googleBooks: true, isbndb: false },
    },
    {
      isbn13: FIXTURE_ISBNS.isbndbOnly,
      title: 'Children of Time',
      authors: ['Adrian Tchaikovsky'],
      publisher: 'Orbit',
      publishedDate: '2018-12-11',
      pageCount: 600,
      description: 'A race for survival among the stars... Humanity\'s last survivors escaped earth\'s ruins to find a new home.',
      subjects: ['Fiction / Science Fiction / Space Opera'],
      binding: 'Mass Market Paperback',
      olEditionKey: 'OL0000002M',
      olWorkKey: 'OL0000002W',
      googleVolumeId: '49T5twEACAAJ',
      in: { openlibrary: false, googleBooks: false, isbndb: true },
    },
    {
      isbn13: FIXTURE_ISBNS.clockwork,
      title: 'A Clockwork Orange',
      authors: ['Anthony Burgess'],
      publisher: 'Penguin Books',
      publishedDate: '2011',
      pageCount: 141,
      description: 'In Anthony Burgess\'s influential nightmare vision of the future, where the state has assumed full control, fifteen-year-old Alex and his friends set out on an orgy of robbery, rape, torture and murder.',
      subjects: ['Fiction, dystopian', 'Classics'],
      binding: 'Paperback',
      coverId: 6974931,
      olEditionKey: 'OL25437090M',
      olWorkKey: 'OL1822461W',
      googleVolumeId: 'ClockworkGB1',
      in: { openlibrary: true, googleBooks: true, isbndb: false },
    },
    {
      isbn13: '9780441172719',
      title: 'Dune',
      authors: ['Frank Herbert'],
      publisher: 'Ace',
      publishedDate: '1990',
      pageCount: 535,
      subjects: ['Science fiction'],
      coverId: 11481354,
      olEditionKey: 'OL26242482M',
      olWorkKey: 'OL893415W',
      googleVolumeId: 'DuneGB00001',
      in: { openlibrary: true, googleBooks: true, isbndb: false },
    },
    {
      isbn13: '9780593098233',
      title: 'Dune Messiah',
      authors: ['Frank Herbert'],
      publisher: 'Ace',
      publishedDate: '2019',
      pageCount: 336,
      subjects: ['Science fiction'],
      coverId: 8231432,
      olEditionKey: 'OL27971201M',
      olWorkKey: 'OL893526W',
      googleVolumeId: 'MessiahGB01',
      in: { openlibrary: true, googleBooks: true, isbndb: false },
    },
    {
      // Known to OpenLibrary by title only: no provider has an ISBN for it.
      title: 'Maximum Harm',
      subtitle: 'The Tsarnaev Brothers, the FBI, and the Road to the Marathon Bombing',
      authors: ['Michele R. McPhee'],
      publisher: 'ForeEdge',
      publishedDate: '2017',
      pageCount: 340,
      subjects: ['True crime'],
      olEditionKey: 'OL26000001M',
      olWorkKey: 'OL19000001W',
      googleVolumeId: 'HarmGB00001',
      in: { openlibrary: true, googleBooks: false, isbndb: false },
    },
  ];
}

const ADJECTIVES = ['Silent', 'Golden', 'Hidden', 'Broken', 'Burning', 'Distant', 'Frozen', 'Crimson', 'Wandering', 'Hollow', 'Last', 'Quiet', 'Secret', 'Shattered', 'Velvet', 'Iron'];
const NOUNS = ['Garden', 'River', 'Archive', 'Lighthouse', 'Kingdom', 'Orchard', 'Harbor', 'Library', 'Mountain', 'Cathedral', 'Forest', 'Engine', 'Compass', 'Mirror', 'Bridge', 'Tower'];
const NAMES = ['Avalon', 'Marguerite', 'Thessaly', 'Oberon', 'Calloway', 'Ingrid', 'Perpetua', 'Lysander', 'Wren', 'Octavia', 'Barnaby', 'Isolde'];
const FIRST = ['Ada', 'Bruno', 'Clara', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Lucas'];
const LAST = ['Abernathy', 'Brightwater', 'Castellanos', 'Delacroix', 'Eriksen', 'Fairweather', 'Gallagher', 'Holloway', 'Ivanova', 'Jablonski', 'Kowalczyk', 'Lindqvist'];

const check13 = (first12: string) => {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(first12[i]);
  return String((10 - (sum % 10)) % 10);
};

/** `n` distinct books with valid ISBN-13s, deterministic for a seed; OpenLibrary knows all of them. */
export function syntheticCatalogue(n: number, seed = 1, known: Partial<FakeBook['in']> = {}): FakeBook[] {
  return Array.from({ length: n }, (_, i) => {
    const k = i * 7919 + seed * 104_729;
    const first12 = `978${String(100_000_000 + ((k * 31) % 900_000_000)).slice(0, 9)}`;
    const isbn13 = first12 + check13(first12);
    return {
      isbn13,
      title: `The ${ADJECTIVES[i % 16]} ${NOUNS[Math.floor(i / 16) % 16]} of ${NAMES[Math.floor(i / 256) % 12]} ${Math.floor(i / 3072) + 1}`,
      authors: [`${FIRST[(i + seed) % 12]} ${LAST[Math.floor(i / 12 + seed) % 12]}`],
      publisher: 'Loopback Press',
      publishedDate: String(1950 + (i % 70)),
      pageCount: 100 + (i % 400),
      subjects: ['Fiction'],
      coverId: 1_000_000 + i,
      olEditionKey: `OL${9_000_000 + i}M`,
      olWorkKey: `OL${8_000_000 + i}W`,
      googleVolumeId: `SYN${String(i).padStart(8, '0')}`,
      in: { openlibrary: true, googleBooks: false, isbndb: false, ...known },
    };
  });
}

/** The book's fields as one provider has them (minus what it lacks). */
export function asKnownBy(book: FakeBook, provider: 'openlibrary' | 'googleBooks' | 'isbndb'): FakeBook {
  const lacks: readonly string[] = book.lacks?.[provider] ?? [];
  return Object.fromEntries(Object.entries(book).filter(([field]) => !lacks.includes(field))) as unknown as FakeBook;
}

/** Books matching a search, case-insensitively, by title words and author words. */
export function searchCatalogue(books: readonly FakeBook[], q: { title?: string; author?: string; text?: string }): FakeBook[] {
  const words = (s: string | undefined) => (s ?? '').toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const has = (hay: string, needle: string[]) => needle.every((w) => words(hay).includes(w));
  return books.filter(
    (b) =>
      (!q.title || has(`${b.title} ${b.subtitle ?? ''}`, words(q.title))) &&
      (!q.author || has(b.authors.join(' '), words(q.author))) &&
      (!q.text || has(`${b.title} ${b.subtitle ?? ''} ${b.authors.join(' ')}`, words(q.text))),
  );
}
