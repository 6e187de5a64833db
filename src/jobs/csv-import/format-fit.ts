import type { TCsvFormat, TImportField } from '../../contract/imports.js';
import { detectFormat, knownColumns } from './formats.js';

type KnownFormat = Exclude<TCsvFormat, 'generic'>;

const LABELS: Record<KnownFormat, string> = { goodreads: 'Goodreads', storygraph: 'StoryGraph', librarything: 'LibraryThing' };

/**
 * Besides the title, what every version of an export has and what a reading of the file is
 * worth little without: who wrote the book, which edition, the user's rating and shelf.
 */
const CORE_FIELDS: readonly (readonly TImportField[])[] = [['author', 'authorLastFirst'], ['isbn', 'isbn13', 'isbnList'], ['rating'], ['status']];

/** How well a header fits the export format a user chose. */
export interface FormatFit {
  /** The header has none of the format's title columns: the file cannot be read as that format. */
  titleMissing: boolean;
  /** Core columns of the format the header lacks ("Primary Author", "Rating"); alternatives joined by "or". */
  missing: string[];
  /** The export the header is recognised as instead, when it is another one. */
  looksLike: KnownFormat | null;
}

const quoted = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(', ');

/** Checks a header against the columns of the export `format`, as chosen by the user. */
export function formatFit(format: KnownFormat, header: readonly string[]): FormatFit {
  const columns = knownColumns(format);
  const present = (field: TImportField) => (columns[field] ?? []).some((name) => header.includes(name));
  const missing = CORE_FIELDS.flatMap((fields) => {
    const known = fields.filter((f) => columns[f] !== undefined);
    if (known.length === 0 || known.some(present)) return [];
    return [known.flatMap((f) => columns[f] ?? []).map((n) => JSON.stringify(n)).join(' or ')];
  });
  const detected = detectFormat(header);
  return { titleMissing: !present('title'), missing, looksLike: detected !== null && detected !== format ? detected : null };
}

/** Why the file cannot be read as the chosen format: the columns the format expects and those found. */
export function formatRefusal(format: KnownFormat, header: readonly string[], fit: FormatFit): string {
  const expected = Object.values(knownColumns(format)).map((names) => names[0] ?? '');
  return [
    `the file does not fit the ${LABELS[format]} format that was chosen: it has no ${quoted(knownColumns(format).title ?? [])} column`,
    `A ${LABELS[format]} export has ${quoted(expected)}; this header has ${header.length} column(s): ${quoted(header)}`,
    fit.looksLike ? `It looks like a ${LABELS[fit.looksLike]} export: import it with format auto or ${fit.looksLike}` : 'Import it with format auto (or generic) to have its columns recognised',
  ].join('. ');
}

/** What is read differently from what the chosen format expects, or undefined when the header fits. */
export function formatMismatch(format: KnownFormat, header: readonly string[], fit: FormatFit): string | undefined {
  if (fit.missing.length === 0 && fit.looksLike === null) return undefined;
  const parts = [`the header does not fit the ${LABELS[format]} format that was chosen`];
  if (fit.missing.length > 0) parts.push(`it lacks ${fit.missing.join(', ')}, so those fields stay empty`);
  if (fit.looksLike) parts.push(`it looks like a ${LABELS[fit.looksLike]} export (format auto would read it as one)`);
  parts.push(`columns found: ${quoted(header)}`);
  return parts.join('; ');
}
