import { IMPORT_FIELDS, type TColumnMapping, type TImportField, type TImportedBook, type TInvalidRow } from '../../contract/imports.js';
import { editionFormatOf } from '../enrichment/format.js';
import type { Dialect } from './formats.js';
import { boolCell, cleanCell, collapseSpaces, intCell, listCell, reviewText } from './normalize/cells.js';
import { parseDate, parseReads } from './normalize/dates.js';
import { readIdentifiers } from './normalize/identifiers.js';
import { readPeople } from './normalize/people.js';
import { readPublisher, readRating, readStatus, readYear } from './normalize/values.js';
import type { RawRow } from './parse.js';

/** A mapping turned into column positions, plus the columns no field takes (kept in `extra`). */
export interface ResolvedMapping {
  header: readonly string[];
  index: Partial<Record<TImportField, number>>;
  extra: readonly (readonly [name: string, index: number])[];
}

export function resolveMapping(header: readonly string[], mapping: TColumnMapping): ResolvedMapping {
  const index: Partial<Record<TImportField, number>> = {};
  for (const field of IMPORT_FIELDS) {
    const name = mapping[field];
    const at = name === undefined ? -1 : header.indexOf(name);
    if (at >= 0) index[field] = at;
  }
  const taken = new Set(Object.values(index));
  const seen = new Map<string, number>();
  const extra = header.flatMap((name, i): (readonly [string, number])[] => {
    if (taken.has(i)) return [];
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return [[n === 1 ? name || `column ${i + 1}` : `${name} (${n})`, i]];
  });
  return { header, index, extra };
}

export type RowOutcome = { ok: true; book: TImportedBook } | { ok: false; row: TInvalidRow; code: string; message: string };

function cellsOf(row: RawRow, m: ResolvedMapping): Record<string, string> {
  const cells: Record<string, string> = {};
  m.header.forEach((name, i) => {
    const value = row.fields[i];
    if (value !== undefined && value.trim() !== '') cells[name || `column ${i + 1}`] = value;
  });
  return cells;
}

/** A cleaned cell of a name or title, its runs of spaces collapsed. */
const textCell = (value: string | null) => (value === null ? null : collapseSpaces(value));

/** Reads one row as the user's book; a malformed row, or one with neither title nor ISBN, is invalid. */
export function mapRow(row: RawRow, m: ResolvedMapping, dialect: Dialect): RowOutcome {
  if (row.problem) return { ok: false, row: { line: row.line, raw: row.raw ?? '', cells: cellsOf(row, m) }, code: row.problem.code, message: row.problem.message };
  const cell = (field: TImportField): string | null => {
    const at = m.index[field];
    return at === undefined ? null : cleanCell(row.fields[at]);
  };
  const notes: string[] = [];
  const date = (field: TImportField): string | null => {
    const raw = cell(field);
    const parsed = parseDate(raw);
    if (raw !== null && parsed === null) notes.push(`${m.header[m.index[field] ?? 0]} "${raw}" is not a date; not used`);
    return parsed;
  };

  const ids = readIdentifiers([cell('isbn13'), cell('isbn'), cell('isbnList')]);
  notes.push(...ids.notes);
  const title = textCell(cell('title'));
  if (title === null && ids.isbn13 === null) {
    return { ok: false, row: { line: row.line, raw: row.fields.join(' | ').slice(0, 300), cells: cellsOf(row, m) }, code: 'CSV_ROW_EMPTY', message: `line ${row.line}: no title and no valid ISBN` };
  }

  const authorCell = cell('author');
  const authors =
    authorCell !== null
      ? readPeople(authorCell, { shape: dialect.authorCell })
      : readPeople(cell('authorLastFirst'), { shape: 'one', lastFirst: true });
  const people = [
    ...authors,
    ...readPeople(cell('additionalAuthors'), dialect.additionalAuthors === 'lastFirst' ? { lastFirst: true } : { shape: dialect.additionalAuthors }),
    ...readPeople(cell('contributors'), { defaultRole: 'Contributor' }),
  ].filter((p, i, all) => all.findIndex((q) => q.name === p.name && q.role === p.role) === i);

  const shelf = cell('status');
  const dateRead = date('dateRead');
  const dateStarted = date('dateStarted');
  let reads = parseReads(cell('datesRead'));
  if (reads.length === 0 && (dateRead !== null || dateStarted !== null)) reads = [{ started: dateStarted, finished: dateRead }];
  let status = readStatus(shelf);
  if (status === null && dialect.statusFromDates) status = dateRead !== null ? 'read' : dateStarted !== null ? 'currently_reading' : null;

  const rating = readRating(cell('rating'));
  if (rating.note) notes.push(rating.note);
  const binding = cell('binding');
  const review = reviewText(cell('review'));
  const excluded = new Set([shelf?.toLowerCase(), 'read', 'to-read', 'currently-reading'].filter((s) => s !== undefined));
  const owned = boolCell(cell('owned'));
  const ownedCopies = intCell(cell('ownedCopies'));

  const extra: Record<string, string> = {};
  for (const [name, i] of m.extra) {
    const value = cleanCell(row.fields[i]);
    if (value !== null) extra[name] = value;
  }

  const book: TImportedBook = {
    line: row.line,
    title,
    authors: people,
    isbn13: ids.isbn13,
    isbn10: ids.isbn10,
    asin: ids.asin,
    sourceId: cell('sourceId'),
    status,
    shelf,
    rating: rating.rating,
    reads,
    readCount: intCell(cell('readCount')),
    dateAdded: date('dateAdded'),
    shelves: listCell(cell('shelves')).filter((s) => !excluded.has(s.toLowerCase())),
    owned: owned ?? (ownedCopies === null ? null : ownedCopies > 0),
    ownedCopies,
    review,
    spoiler: boolCell(cell('spoiler')),
    privateNotes: reviewText(cell('privateNotes')),
    pageCount: intCell(cell('pageCount')) || null,
    publisher: readPublisher(textCell(cell('publisher'))),
    year: readYear(cell('year')),
    originalYear: readYear(cell('originalYear')),
    format: editionFormatOf(binding),
    binding,
    notes,
    extra,
  };
  return { ok: true, book };
}
