import { foldText } from './normalize.js';
import { stringSimilarity } from './similarity.js';

/** Canonical genres and the words providers use for them. */
const CANONICAL: Readonly<Record<string, readonly string[]>> = {
  'Science Fiction': ['science fiction', 'sci fi', 'scifi', 'sf', 'space opera', 'cyberpunk'],
  Fantasy: ['fantasy', 'epic fantasy', 'urban fantasy', 'magic', 'fantasy and magic'],
  Mystery: ['mystery', 'mysteries', 'detective', 'crime fiction', 'whodunit'],
  Thriller: ['thriller', 'thrillers', 'suspense'],
  Romance: ['romance', 'love stories'],
  Horror: ['horror', 'ghost stories'],
  'Literary Fiction': ['literary fiction', 'literary'],
  'Historical Fiction': ['historical fiction', 'fiction historical'],
  Biography: ['biography', 'autobiography', 'memoir', 'memoirs', 'biography and autobiography'],
  History: ['history'],
  Science: ['science', 'physics', 'biology', 'astronomy', 'chemistry'],
  Philosophy: ['philosophy'],
  'Self-Help': ['self help', 'personal growth', 'self improvement'],
  Business: ['business', 'business and economics', 'economics', 'management'],
  'True Crime': ['true crime'],
  'Young Adult': ['young adult', 'young adult fiction', 'ya'],
  "Children's": ['childrens', 'juvenile fiction', 'juvenile literature', 'children'],
  'Middle Grade': ['middle grade'],
  Classics: ['classics', 'classic literature'],
  Contemporary: ['contemporary', 'contemporary fiction'],
  'Graphic Novels': ['graphic novels', 'comics', 'comics and graphic novels', 'manga'],
  Poetry: ['poetry', 'poems'],
  Dystopian: ['dystopian', 'dystopias', 'dystopia'],
  Fiction: ['fiction', 'novel', 'novels'],
};

/** Subjects that say nothing about the book's genre (library and store housekeeping). */
const NOISE = /^(general|accessible book|protected daisy|in library|large type books|lending library|open library staff picks|overdrive|nyt.*|fiction general|reading level.*|long now manual.*)$/;

const SYNONYMS: readonly [string, string][] = Object.entries(CANONICAL).flatMap(([genre, words]) => words.map((w): [string, string] => [w, genre]));

/** Subjects repeat across thousands of books; fuzzy-matching each against every synonym again is wasted. */
const MEMO_LIMIT = 10_000;
const memo = new Map<string, string | undefined>();

function canonicalOf(term: string): string | undefined {
  if (memo.has(term)) return memo.get(term);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const genre = fuzzyCanonicalOf(term);
  memo.set(term, genre);
  return genre;
}

function fuzzyCanonicalOf(term: string): string | undefined {
  let best: [number, string | undefined] = [0, undefined];
  for (const [word, genre] of SYNONYMS) {
    if (term === word) return genre;
    const s = stringSimilarity(term, word);
    if (s > best[0]) best = [s, genre];
  }
  return best[0] >= 0.85 ? best[1] : undefined;
}

const titleCase = (s: string) => s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());

/**
 * Provider subjects → canonical genres. Google's "Fiction / Science Fiction / General" and
 * OpenLibrary's "Fiction, fantasy, general" are split into terms first. When nothing canonical is
 * found, up to three cleaned raw subjects are kept rather than losing the information.
 */
export function normalizeGenres(raw: readonly string[]): string[] {
  const genres = new Set<string>();
  const leftovers: string[] = [];
  for (const subject of raw) {
    const whole = foldText(subject);
    const terms = [whole, ...subject.split(/\s*[/,]\s*/).map(foldText)].filter((t) => t.length > 0 && !NOISE.test(t));
    let hit = false;
    for (const term of terms) {
      const genre = canonicalOf(term);
      if (genre) {
        genres.add(genre);
        hit = true;
      }
    }
    if (!hit && whole.length > 0 && !NOISE.test(whole) && whole.length <= 40) leftovers.push(titleCase(whole));
  }
  const out = genres.size > 0 ? [...genres] : [...new Set(leftovers)].slice(0, 3);
  return out.sort();
}
