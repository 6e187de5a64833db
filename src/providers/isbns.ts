import { toIsbn13 } from '../contract/isbn.js';

/** The valid ISBN-13s among a provider's identifiers (ISBN-10s converted), de-duplicated, in order. */
export function isbn13sOf(...lists: (readonly string[] | undefined)[]): string[] {
  const out = new Set<string>();
  for (const list of lists) for (const raw of list ?? []) {
    const isbn = toIsbn13(raw);
    if (isbn !== null) out.add(isbn);
  }
  return [...out];
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
