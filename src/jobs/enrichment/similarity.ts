import { distance } from 'fastest-levenshtein';
import { authorKey, normalizeAuthor, normalizeTitle, splitAuthors, splitTitle } from './normalize.js';

const ratio = (a: string, b: string) => (a.length === 0 || b.length === 0 ? 0 : 1 - distance(a, b) / Math.max(a.length, b.length));
const sortTokens = (s: string) => s.split(' ').sort().join(' ');

/** 0..1: edit-distance ratio on the strings and on their sorted words (word order does not matter). */
export function stringSimilarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a === b) return 1;
  return Math.max(ratio(a, b), ratio(sortTokens(a), sortTokens(b)));
}

/** A query title against a candidate, with and without subtitles and series notes. */
export function titleSimilarity(query: string, title: string, subtitle?: string): number {
  const q = normalizeTitle(query);
  const qMain = normalizeTitle(splitTitle(query).main);
  const main = normalizeTitle(splitTitle(title).main);
  const full = normalizeTitle(subtitle ? `${title} ${subtitle}` : title);
  if (q === main || qMain === main || q === full) return q === full || q === main ? 1 : 0.95;
  return Math.max(stringSimilarity(q, full), stringSimilarity(q, main), stringSimilarity(qMain, main) * 0.95);
}

/** The best match of the query's author(s) among the candidate's authors. */
export function authorSimilarity(queryAuthor: string, authors: readonly string[]): number {
  const wanted = queryAuthor.includes(',') && !/[&;]| and /.test(queryAuthor) ? [queryAuthor] : splitAuthors(queryAuthor);
  let best = 0;
  for (const q of wanted) {
    for (const a of authors) {
      if (authorKey(q) === authorKey(a)) best = Math.max(best, normalizeAuthor(q) === normalizeAuthor(a) ? 1 : 0.92);
      else best = Math.max(best, stringSimilarity(normalizeAuthor(q), normalizeAuthor(a)));
    }
  }
  return best;
}
