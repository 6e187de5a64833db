/** What a job's results are searched by (`jobs.results` `q`): the book as the user gave it. */
import type { NewJobItem } from '../db/store.js';
import { foldOnce } from './enrichment/normalize.js';

/** Longest search text kept per item: a title, its authors and ISBNs fit many times over. */
const MAX_SEARCH = 1_000;

/** Words of a search that count; more narrow nothing a person would notice. */
const MAX_WORDS = 8;

/** Keys whose text values a person would search by, in any item's input. */
const TEXT_KEYS = ['title', 'author', 'isbn', 'isbn13', 'isbn10'] as const;

/**
 * The folded text (see `foldOnce`) an item is found by: its title, and the title, authors and
 * ISBNs of its input: a CSV row's book, an enrichment query, or what was read off a spine
 * (`detection`). An invalid CSV row has none of those; its cells stand instead.
 */
export function itemSearchText(item: { title?: string | null | undefined; input: Record<string, unknown> }): string {
  const parts: string[] = [];
  if (item.title) parts.push(item.title);
  collect(item.input, parts);
  const detection = item.input['detection'];
  if (isRecord(detection)) collect(detection, parts);
  const cells = item.input['cells'];
  if (parts.length === 0 && isRecord(cells)) for (const v of Object.values(cells)) if (typeof v === 'string') parts.push(v);
  return foldOnce(unique(parts).join(' ')).slice(0, MAX_SEARCH);
}

/** The same items, each with its search text. */
export function withSearchText(items: readonly NewJobItem[]): NewJobItem[] {
  return items.map((it) => ({ ...it, search: itemSearchText(it) }));
}

/** A person's search as the words each found item's `itemSearchText` contains; none when nothing searchable is in it. */
export function searchWords(q: string | undefined): string[] {
  if (q === undefined) return [];
  return unique(foldOnce(q).split(' ').filter((w) => w !== '')).slice(0, MAX_WORDS);
}

function collect(source: Record<string, unknown>, into: string[]): void {
  for (const key of TEXT_KEYS) {
    const v = source[key];
    if (typeof v === 'string') into.push(v);
  }
  const authors = source['authors'];
  if (!Array.isArray(authors)) return;
  for (const a of authors) {
    if (typeof a === 'string') into.push(a);
    else if (isRecord(a) && typeof a['name'] === 'string') into.push(a['name']);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const unique = (parts: string[]) => [...new Set(parts)];
