/**
 * A cell as the user meant it: Excel formula guards (`="0525540679"`, `=""`), LibraryThing's
 * brackets (`[2007-04-16]`) and surrounding whitespace removed. Empty means absent (null).
 */
export function cleanCell(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  let value = raw.trim();
  const guarded = /^="(.*)"$/s.exec(value);
  if (guarded) value = (guarded[1] ?? '').trim();
  else if (value === '=""' || value === '="') value = '';
  const bracketed = /^\[(.*)\]$/s.exec(value);
  if (bracketed) value = (bracketed[1] ?? '').trim();
  return value === '' ? null : value;
}

/**
 * Runs of whitespace (spaces, tabs, line breaks, no-break spaces) as one space: for names and
 * titles, where a doubled space is a typing slip, never meaning. Not for reviews and notes, whose
 * line breaks are kept, nor for ISBN cells, where a wide gap separates two numbers.
 */
export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A comma-separated list cell (tags, shelves, ISBNs), cleaned, empty entries and repeats dropped. */
export function listCell(raw: string | null, separator: RegExp = /\s*,\s*/): string[] {
  if (raw === null) return [];
  const out: string[] = [];
  for (const part of raw.split(separator)) {
    const value = part.trim();
    if (value !== '' && !out.includes(value)) out.push(value);
  }
  return out;
}

/** A whole number, or null (thousands separators and trailing text such as "590 p." are tolerated). */
export function intCell(raw: string | null): number | null {
  if (raw === null) return null;
  const match = /^\s*(\d{1,3}(?:[,.\s]\d{3})+|\d+)/.exec(raw);
  if (!match?.[1]) return null;
  const n = Number(match[1].replace(/[,.\s]/g, ''));
  return Number.isSafeInteger(n) ? n : null;
}

const YES = new Set(['yes', 'y', 'true', '1', 'owned', 'x', '✓', 'oui', 'ja', 'sí', 'si']);
const NO = new Set(['no', 'n', 'false', '0', 'not owned']);

/** Yes/No, true/false, 1/0; null when the cell says neither. */
export function boolCell(raw: string | null): boolean | null {
  if (raw === null) return null;
  const v = raw.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return null;
}

/** Goodreads reviews are HTML (`<br/>`); keep the text with its line breaks. */
export function reviewText(raw: string | null): string | null {
  if (raw === null) return null;
  const text = raw
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<\/?(?:p|b|i|em|strong|u|span|div|blockquote|spoiler)(?:\s[^>]*)?>/gi, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .trim();
  return text === '' ? null : text;
}
