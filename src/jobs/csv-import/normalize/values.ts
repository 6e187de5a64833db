import type { TReadingStatus } from '../../../contract/imports.js';

const STATUS_WORDS: readonly [RegExp, Exclude<TReadingStatus, 'custom'>][] = [
  [/^(read|already read|finished|completed|done|have read|gelesen|lu)$/, 'read'],
  [/^(currently reading|reading|in progress|now reading|started|current)$/, 'currently_reading'],
  [/^(to read|want to read|tbr|wishlist|wish list|want|planned|plan to read|unread|not started|on hold|none)$/, 'to_read'],
  [/^(did not finish|dnf|abandoned|gave up|given up|stopped|not finished|unfinished|quit)$/, 'did_not_finish'],
];

/**
 * An exclusive shelf or status as one of the four standard ones; any other name is a custom
 * exclusive shelf (`custom`, its name kept by the caller). Null for an empty cell.
 */
export function readStatus(cell: string | null): TReadingStatus | null {
  if (cell === null) return null;
  const key = cell.trim().toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ');
  if (key === '') return null;
  return STATUS_WORDS.find(([pattern]) => pattern.test(key))?.[1] ?? 'custom';
}

/**
 * A rating on the 0–5 scale with its fraction kept (halves, StoryGraph's quarters): "4.5", "4,5",
 * "4/5", "8/10", "★★★★". Zero is "unrated" in every export that writes it (Goodreads). A value
 * that is not a rating gives a note and null.
 */
export function readRating(cell: string | null): { rating: number | null; note?: string } {
  if (cell === null) return { rating: null };
  const text = cell.trim();
  const stars = /^[★☆]+$/u.exec(text);
  if (stars) return { rating: text.match(/★/gu)?.length ?? null };
  const fraction = /^(\d+(?:[.,]\d+)?)\s*\/\s*(\d+)$/.exec(text);
  const value = fraction ? (Number(fraction[1]?.replace(',', '.')) / Number(fraction[2])) * 5 : Number(text.replace(',', '.'));
  if (!Number.isFinite(value) || value < 0 || value > 5) return { rating: null, note: `rating "${text}" is not on a 0–5 scale; not used` };
  // Checked after rounding: a value that rounds to 0 ("0.001", "5e-324") is "unrated" too, not a 0 rating.
  const rating = Math.round(value * 100) / 100;
  return { rating: rating === 0 ? null : rating };
}

/** "Gallimard (1979), Poche" (LibraryThing's Publication) → "Gallimard"; other names as they are. */
export function readPublisher(cell: string | null): string | null {
  if (cell === null) return null;
  const name = cell.replace(/\s*\(\d{4}\).*$/, '').trim();
  return name === '' ? null : name;
}

/** A four-digit year (negative ones, like Goodreads' "-500" original years, are kept). */
export function readYear(cell: string | null): number | null {
  if (cell === null) return null;
  const m = /^\s*(-?\d{1,4})\b/.exec(cell);
  if (!m?.[1]) return null;
  const y = Number(m[1]);
  return y === 0 || y > 2999 ? null : y;
}
