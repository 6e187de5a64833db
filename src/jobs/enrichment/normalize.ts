/** Text normalisation for matching: what two spellings of one title or author have in common. */
import { memoized } from './memo.js';

const LEADING_ARTICLE = /^(?:the|a|an|le|la|les|der|die|das|el) /;

/**
 * Lower case, accents removed (é → e; other scripts kept), punctuation to spaces. Not memoised:
 * for text folded once (an item's search text), which would only crowd `foldText`'s memory.
 */
export function foldOnce(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .replace(/'/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `foldOnce`, memoised: matching folds the same titles and names over and over. */
export const foldText = memoized(foldOnce);

/** "The Hobbit (Middle-earth, #0)" → "hobbit": series parentheticals, brackets and leading articles go. Memoised. */
export const normalizeTitle = memoized(function normalizeTitle(title: string): string {
  const bare = title.replace(/\s*[([][^)\]]*[)\]]/g, ' ').trim().replace(/^l['’]\s*/i, '').replace(/\bl['’]/gi, 'l');
  return foldText(bare).replace(LEADING_ARTICLE, '');
});

/** Splits a title at its subtitle: "Dune: Deluxe Edition" and "The Hobbit, or There and Back Again" → their main titles. */
export function splitTitle(title: string): { main: string; subtitle?: string } {
  const match = /^(.+?)(?::| - | — |, or |; or )\s*(.+)$/i.exec(title);
  return match?.[1] && match[2] ? { main: match[1].trim(), subtitle: match[2].trim() } : { main: title.trim() };
}

/** "Tolkien, J.R.R." → "j r r tolkien"; a display name is folded as it is. Memoised. */
export const normalizeAuthor = memoized(function normalizeAuthor(name: string): string {
  const parts = name.split(',').map((p) => p.trim());
  const turned = parts.length === 2 && parts[0] && parts[1] && !/^(jr|sr|ii|iii|iv|phd)\.?$/i.test(parts[1]) ? `${parts[1]} ${parts[0]}` : name;
  return foldText(turned.replace(/\./g, ' '));
});

/** Surname and first initial, for loose equality: "J.R.R. Tolkien" ~ "John Ronald Reuel Tolkien". Memoised. */
export const authorKey = memoized(function authorKey(name: string): string {
  const tokens = normalizeAuthor(name).split(' ').filter(Boolean);
  const surname = tokens.at(-1) ?? '';
  return tokens.length > 1 ? `${surname} ${tokens[0]?.[0] ?? ''}` : surname;
});

/**
 * One book's identity within a file or a scan: title and first author with case, accents,
 * punctuation and a leading article ignored, but series and volume notes kept (Vol. 1 ≠ Vol. 2).
 */
export function bookKey(title: string, author: string | null): string {
  return `${foldText(title).replace(LEADING_ARTICLE, '')}|${author ? authorKey(author) : ''}`;
}

/** Splits a cell holding several authors ("A & B", "A; B", "A and B"); a single "Last, First" stays one. */
export function splitAuthors(text: string): string[] {
  return text
    .split(/\s*(?:&|;| and )\s*/)
    .map((a) => a.trim())
    .filter(Boolean);
}
