import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { FakeBook } from './catalogue.js';
import type { GeminiReply } from './gemini.fake.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** The sample files the demo runs: a real Goodreads export and a real shelf photo. */
export const DEMO_FILES = {
  goodreads: new URL('imports/goodreads_library_export.24col.csv', FIXTURES),
  shelf: new URL('images/IMG_0014.jpeg', FIXTURES),
} as const;

/**
 * What the fake Gemini "reads" on the demo shelf photo (IMG_0014.jpeg): spines that are legible on
 * it, with plausible boxes. One reading is doubtful, so the demo also shows the review queue.
 */
export const DEMO_SHELF = [
  { title: 'Attached', author: 'Amir Levine', confidence: 0.93, box: { x: 0.08, y: 0.12, width: 0.07, height: 0.7 } },
  { title: 'The Luminaries', author: 'Eleanor Catton', confidence: 0.91, box: { x: 0.16, y: 0.1, width: 0.08, height: 0.74 } },
  { title: 'Rodham', author: 'Curtis Sittenfeld', confidence: 0.88, box: { x: 0.26, y: 0.14, width: 0.06, height: 0.68 } },
  { title: 'Babel', author: 'R. F. Kuang', confidence: 0.95, box: { x: 0.41, y: 0.09, width: 0.08, height: 0.76 } },
  { title: 'The Body Keeps the Score', author: 'Bessel van der Kolk', confidence: 0.9, box: { x: 0.52, y: 0.11, width: 0.07, height: 0.72 } },
  { title: 'Septology', author: 'Jon Fosse', confidence: 0.55, box: { x: 0.33, y: 0.13, width: 0.06, height: 0.7 } },
] as const;

/** The fake Gemini's answer for the demo photo, in the shelf scanner's answer schema. */
export function demoShelfReply(): GeminiReply {
  return { json: { books: DEMO_SHELF.map((b) => ({ ...b, isbn: null, format: 'unknown' })) } };
}

const unguard = (cell: string | undefined) => (cell ?? '').replace(/^="?|"$/g, '').trim();

/** Every book of the sample export (and of the sample shelf), known to the fake OpenLibrary. */
export function demoCatalogue(): FakeBook[] {
  const rows = Papa.parse<Record<string, string>>(readFileSync(DEMO_FILES.goodreads, 'utf8'), { header: true, skipEmptyLines: 'greedy' }).data;
  const fromExport = rows.map((row, i): FakeBook => {
    const isbn13 = unguard(row.ISBN13);
    const pages = Number(row['Number of Pages']);
    return {
      ...(isbn13 ? { isbn13 } : {}),
      title: row.Title ?? `Book ${i}`,
      authors: [row.Author ?? 'Unknown'],
      ...(row.Publisher ? { publisher: row.Publisher } : {}),
      ...(row['Year Published'] ? { publishedDate: row['Year Published'] } : {}),
      ...(pages > 0 ? { pageCount: pages } : {}),
      subjects: ['Fiction'],
      ...(row.Binding ? { binding: row.Binding } : {}),
      olEditionKey: `OL${7_000_000 + i}M`,
      olWorkKey: `OL${6_000_000 + i}W`,
      googleVolumeId: `DEMO${String(i).padStart(6, '0')}`,
      in: { openlibrary: true, googleBooks: false, isbndb: false },
    };
  });
  const fromShelf = DEMO_SHELF.map(
    (b, i): FakeBook => ({
      title: b.title,
      authors: [b.author],
      subjects: ['Nonfiction'],
      olEditionKey: `OL${7_500_000 + i}M`,
      olWorkKey: `OL${6_500_000 + i}W`,
      googleVolumeId: `SHELF${String(i).padStart(5, '0')}`,
      in: { openlibrary: true, googleBooks: false, isbndb: false },
    }),
  );
  return [...fromExport, ...fromShelf];
}
