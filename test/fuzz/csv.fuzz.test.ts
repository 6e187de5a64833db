import Papa from 'papaparse';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMPORT_FIELDS, ZImportedBook, ZInvalidRow, type TColumnMapping, type TCsvImportJobInput } from '../../src/contract/imports.js';
import { ERROR_CODES } from '../../src/contract/errors.js';
import { isValidIsbn10, isValidIsbn13 } from '../../src/contract/isbn.js';
import type { NewJobItem } from '../../src/db/repos/job-items.repo.js';
import { createTestStore } from '../helpers/job-system.js';
import { AppError } from '../../src/errors.js';
import { csvBytesProblem, decodeCsv } from '../../src/jobs/csv-import/decode.js';
import { dialectOf } from '../../src/jobs/csv-import/formats.js';
import { mapRow, resolveMapping } from '../../src/jobs/csv-import/map-row.js';
import { boolCell, cleanCell, intCell, listCell, reviewText } from '../../src/jobs/csv-import/normalize/cells.js';
import { parseDate, parseReads } from '../../src/jobs/csv-import/normalize/dates.js';
import { readIdentifiers } from '../../src/jobs/csv-import/normalize/identifiers.js';
import { readPeople } from '../../src/jobs/csv-import/normalize/people.js';
import { readPublisher, readRating, readStatus, readYear } from '../../src/jobs/csv-import/normalize/values.js';
import { parseCsv, type RawRow } from '../../src/jobs/csv-import/parse.js';
import { prepareImport } from '../../src/jobs/csv-import/prepare.js';
import { runs } from './fuzz-config.js';

const DELIMITERS = [',', ';', '\t', '|'] as const;
const NEWLINES = ['\n', '\r\n'] as const;

/** Pieces that matter to a CSV reader, mixed with arbitrary text so every path is reached. */
const csvPiece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('"', '""', ',', ';', '\t', '|', '\n', '\r\n', '\r', ' ', '', 'Title', 'a', 'é', '😀', '\uFEFF', '="', '978') },
  { weight: 2, arbitrary: fc.string({ maxLength: 8, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4, unit: 'binary' }) },
);
const csvLikeText = fc.array(csvPiece, { maxLength: 60 }).map((parts) => parts.join(''));

/** Text a cell might hold: anything, but biased towards what the normalisers look for. */
const cellText = fc.oneof(
  fc.string({ maxLength: 40, unit: 'grapheme' }),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.constantFrom('', ' ', '="0525540679"', '=""', '[2007-04-16]', '978-0-441-17271-9', '0441172717', '044117271X', 'B00K0OI42W', '2024/10/10', '31/02/2024', '0/0', '4,5', '8/10', '★★★', '-500', '1,234 p.', 'Yes', 'Herbert, Frank', 'A (Narrator), B (Translator, Editor)', '2023/05/23-2023/06/07, 2024/01/02', 'Oct 10, 2024', '<br/>&amp;', 'did-not-finish'),
  fc.array(fc.constantFrom('0', '9', '7', '8', 'X', '-', ' ', ',', '/', '.', '(', ')', ';', '|', 'a', 'é'), { maxLength: 20 }).map((c) => c.join('')),
);

/** A field written the RFC 4180 way: always quoted, inner quotes doubled. */
const quote = (field: string) => `"${field.replaceAll('"', '""')}"`;
const serialise = (rows: readonly (readonly string[])[], delimiter: string, newline: string, trailing: boolean) =>
  rows.map((r) => r.map(quote).join(delimiter)).join(newline) + (trailing ? newline : '');

const nonBlank = (fields: readonly string[]) => fields.some((f) => f.trim() !== '');

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
/** A `YYYY[-MM[-DD]]` that names a day, month or year that exists. */
function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  if (m === undefined) return true;
  if (m < 1 || m > 12) return false;
  if (d === undefined) return true;
  const date = new Date(Date.UTC(y ?? 0, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

describe('decodeCsv and csvBytesProblem', () => {
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    // Mostly high bytes: lead and continuation bytes of UTF-8 and the Windows-1252 range.
    fc.array(fc.integer({ min: 0x7f, max: 0xff }), { maxLength: 60 }).map((b) => Uint8Array.from(b)),
    fc.tuple(fc.constant([0xef, 0xbb, 0xbf]), fc.uint8Array({ maxLength: 60 })).map(([bom, rest]) => Uint8Array.from([...bom, ...rest])),
  );

  it('never throw on any bytes, and answer one of their codes', () => {
    fc.assert(
      fc.property(bytes, (input) => {
        const problem = csvBytesProblem(input);
        expect([null, 'CSV_EMPTY', 'CSV_NOT_TEXT', 'CSV_NO_ROWS']).toContain(problem?.code ?? null);
        if (input.includes(0)) expect(problem).not.toBeNull();
        const decoded = decodeCsv(input);
        expect(typeof decoded.text).toBe('string');
        const bom = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf;
        expect(bom ? ['utf-8-bom', 'utf-8+windows-1252'] : ['utf-8', 'windows-1252', 'utf-8+windows-1252']).toContain(decoded.encoding);
        // Plain ASCII (no BOM) is the same text in every reading.
        if (!bom && input.every((b) => b < 0x80)) expect(decoded.text).toBe(Buffer.from(input).toString('latin1'));
      }),
      { numRuns: runs(400) },
    );
  });

  it('decode valid UTF-8 exactly as Buffer does, with one BOM dropped', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: 'binary' }), fc.boolean(), (text, bom) => {
        const utf8 = Buffer.from(text, 'utf8');
        const input = bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]) : utf8;
        const expected = input.toString('utf8').replace(/^\uFEFF/, '');
        const decoded = decodeCsv(input);
        expect(decoded.text).toBe(expected);
        expect(decoded.encoding).toBe(bom || utf8.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? 'utf-8-bom' : 'utf-8');
      }),
      { numRuns: runs(400) },
    );
  });

  it('read every byte that is not valid UTF-8 as Windows-1252, never as U+FFFD', () => {
    // U+FFFD can only come from bytes EF BF BD themselves: anything else means a byte was lost.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0x7f, max: 0xff }), { maxLength: 12 }), (raw) => {
        const input = Uint8Array.from(raw);
        const { text } = decodeCsv(input);
        if (!Buffer.from(input).includes(Buffer.from([0xef, 0xbf, 0xbd]))) expect(text).not.toContain('\uFFFD');
      }),
      { numRuns: runs(1000) },
    );
  });

  it('regression: an overlong or surrogate sequence in a Latin-1 file is read as Windows-1252 (found by fuzzing)', () => {
    // E0 80 80 is an overlong encoding and ED A0 80 a UTF-16 surrogate: neither is UTF-8, so the
    // bytes are "à€€" and "í €" in Windows-1252, not three replacement characters.
    expect(decodeCsv(Uint8Array.of(0xe0, 0x80, 0x80))).toEqual({ text: 'à€€', encoding: 'windows-1252' });
    expect(decodeCsv(Uint8Array.of(0x41, 0xed, 0xa0, 0x80))).toEqual({ text: 'Aí\u00a0€', encoding: 'windows-1252' });
    expect(decodeCsv(Uint8Array.of(0xf4, 0x90, 0x80, 0x80)).text).toBe('ô\u0090€€');
    expect(decodeCsv(Uint8Array.of(0xc3, 0xa9, 0xf0, 0x80, 0x80, 0x80))).toEqual({ text: 'éð€€€', encoding: 'utf-8+windows-1252' });
  });
});

describe('parseCsv', () => {
  it('never throws on CSV-like text, numbers rows by line and flags every row that does not fit the header', () => {
    fc.assert(
      fc.property(csvLikeText, fc.option(fc.constantFrom('books.tsv', 'books.csv', 'x.TSV')), (text, filename) => {
        const parsed = parseCsv(text, filename === null ? {} : { filename });
        const physicalLines = text.split('\n').length;
        let previous = 1;
        for (const row of parsed.rows) {
          expect(Number.isInteger(row.line) && row.line >= previous && row.line <= physicalLines).toBe(true);
          previous = row.line;
          expect(row.fields.every((f) => typeof f === 'string')).toBe(true);
          if (!row.problem) expect(row.fields).toHaveLength(parsed.header.length);
          if (row.problem?.code === 'CSV_FIELD_COUNT') expect(row.fields.length).not.toBe(parsed.header.length);
        }
        expect(DELIMITERS).toContain(parsed.delimiter);
      }),
      { numRuns: runs(1500) },
    );
  });

  const table = fc.integer({ min: 1, max: 6 }).chain((columns) => {
    const record = fc.array(cellText, { minLength: columns, maxLength: columns }).filter(nonBlank);
    return fc.record({ header: record, rows: fc.array(record, { maxLength: 15 }) });
  });

  it('reads well-formed CSV back exactly: N rows, the same fields, no problem', () => {
    fc.assert(
      fc.property(table, fc.constantFrom(...DELIMITERS), fc.constantFrom(...NEWLINES), fc.boolean(), ({ header, rows }, delimiter, newline, trailing) => {
        const text = serialise([header, ...rows], delimiter, newline, trailing);
        const parsed = parseCsv(text);
        expect(parsed.delimiter).toBe(header.length > 1 ? delimiter : parsed.delimiter);
        expect(parsed.header).toEqual(header.map((h) => h.trim()));
        expect(parsed.rows.map((r) => r.fields)).toEqual(rows);
        expect(parsed.rows.filter((r) => r.problem)).toEqual([]);
      }),
      { numRuns: runs(600) },
    );
  });

  it('reads what papaparse writes the same way', () => {
    fc.assert(
      fc.property(table, fc.constantFrom(...DELIMITERS), ({ header, rows }, delimiter) => {
        const text = Papa.unparse([header, ...rows], { delimiter, quotes: true, newline: '\r\n' });
        const parsed = parseCsv(text);
        expect(parsed.rows.map((r) => r.fields)).toEqual(rows);
        expect(parsed.rows.some((r) => r.problem)).toBe(false);
      }),
      { numRuns: runs(300) },
    );
  });

  it('regression: a quoted header name holding another delimiter does not change the delimiter (found by fuzzing)', () => {
    const parsed = parseCsv('"Title","Notes; more; and more"\n"Dune","a"\n');
    expect(parsed.delimiter).toBe(',');
    expect(parsed.header).toEqual(['Title', 'Notes; more; and more']);
    expect(parsed.rows).toEqual([{ line: 2, fields: ['Dune', 'a'] }]);
    // The shrunk case: `";"|""` split into two columns on ";" before the quotes were counted.
    expect(parseCsv('";"|""\n"a"|"b"').header).toEqual([';', '']);
    // A quoted header name with a line break in it: the header record goes on to the next line.
    expect(parseCsv('"Ti\ntle";"Author"\n"Dune";"Herbert"').rows).toEqual([{ line: 3, fields: ['Dune', 'Herbert'] }]);
  });
});

describe('prepareImport: every row accounted for', () => {
  const deps = { mapper: undefined, cache: createTestStore().store.cache, now: Date.now };

  /** A header with `Title` somewhere, then rows of anything (quotes, delimiters and line breaks included). */
  const importFile = fc
    .record({
      others: fc.array(fc.oneof(fc.constantFrom('Author', 'ISBN13', 'ISBN', 'My Rating', 'Date Read', 'Exclusive Shelf', 'Bookshelves', 'Dates Read', 'Owned?', 'Number of Pages'), fc.string({ maxLength: 10 })), {
        maxLength: 5,
      }),
      at: fc.nat(),
      delimiter: fc.constantFrom(...DELIMITERS),
      newline: fc.constantFrom(...NEWLINES),
      rows: fc.array(fc.oneof(csvLikeText, fc.array(cellText, { maxLength: 7 })), { maxLength: 25 }),
    })
    .map(({ others, at, delimiter, newline, rows }) => {
      const header = [...others];
      header.splice(at % (others.length + 1), 0, 'Title');
      const lines = rows.map((r) => (typeof r === 'string' ? r : r.map(quote).join(delimiter)));
      return [header.map(quote).join(delimiter), ...lines].join(newline);
    });

  const jobInput = fc.record({
    format: fc.constantFrom('auto', 'goodreads', 'storygraph', 'librarything', 'generic'),
    enrich: fc.boolean(),
    filename: fc.option(fc.constantFrom('library.csv', 'library.tsv')),
  });

  const invalidCodes = ['CSV_UNTERMINATED_QUOTE', 'CSV_MALFORMED_QUOTES', 'CSV_FIELD_COUNT', 'CSV_ROW_EMPTY'];

  it('stores exactly one item per row, each valid for its status, or rejects with a CSV_ AppError', async () => {
    await fc.assert(
      fc.asyncProperty(importFile, jobInput, async (text, opts) => {
        const bytes = Buffer.from(text, 'utf8');
        const input: TCsvImportJobInput = {
          blob: '0'.repeat(64),
          byteLength: bytes.byteLength,
          format: opts.format,
          enrich: opts.enrich,
          maxRows: 20,
          ...(opts.filename === null ? {} : { filename: opts.filename }),
        };
        const stored: NewJobItem[] = [];
        const hooks = { phase: async () => undefined, progress: () => undefined, store: async (items: NewJobItem[]) => void stored.push(...items) };
        let prepared: Awaited<ReturnType<typeof prepareImport>>;
        try {
          prepared = await prepareImport(bytes, input, deps, { signal: new AbortController().signal }, hooks);
        } catch (error: unknown) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toMatch(/^CSV_/);
          return;
        }
        const rows = prepared.details.rows;
        expect(rows).toBeGreaterThan(0);
        expect(stored.map((i) => i.index)).toEqual(Array.from({ length: rows }, (_, i) => i));
        expect(prepared.toEnrich).toBe(stored.filter((i) => i.status === 'pending').length);
        expect(prepared.invalid.total).toBe(stored.filter((i) => i.status === 'invalid').length);
        for (const item of stored) {
          if (item.status === 'invalid') {
            expect(ZInvalidRow.safeParse(item.input).success).toBe(true);
            expect(invalidCodes).toContain(item.error?.code);
          } else {
            const book = ZImportedBook.safeParse(item.input);
            expect(book.success ? null : book.error.issues).toBeNull();
            expect(item.status).toBe(item.result ? 'duplicate' : input.enrich ? 'pending' : 'parsed');
          }
        }
      }),
      { numRuns: runs(400) },
    );
  });

  it('counts a file that only has a header as CSV_NO_ROWS, and over maxRows as CSV_TOO_MANY_ROWS', async () => {
    const call = { signal: new AbortController().signal };
    const hooks = { phase: async () => undefined, progress: () => undefined, store: async () => undefined };
    const input: TCsvImportJobInput = { blob: '0'.repeat(64), byteLength: 0, format: 'auto', enrich: false, maxRows: 1 };
    await expect(prepareImport(Buffer.from('Title\n'), input, deps, call, hooks)).rejects.toMatchObject({ code: 'CSV_NO_ROWS' });
    await expect(prepareImport(Buffer.from('Title\nA\nB\n'), input, deps, call, hooks)).rejects.toMatchObject({ code: 'CSV_TOO_MANY_ROWS' });
  });
});

describe('normalisers and mapRow', () => {
  const maybe = fc.option(cellText);

  it('never throw on any cell', () => {
    fc.assert(
      fc.property(cellText, maybe, (raw, cell) => {
        const cleaned = cleanCell(raw);
        expect(cleaned === null || (cleaned !== '' && cleaned === cleaned.trim())).toBe(true);
        expect(cleanCell(undefined)).toBeNull();
        for (const value of listCell(cell)) expect(value === value.trim() && value !== '').toBe(true);
        const int = intCell(cell);
        expect(int === null || (Number.isSafeInteger(int) && int >= 0)).toBe(true);
        expect([true, false, null]).toContain(boolCell(cell));
        const review = reviewText(cell);
        expect(review === null || review !== '').toBe(true);
        expect(readPublisher(cell)).not.toBe('');
        const year = readYear(cell);
        expect(year === null || (Number.isInteger(year) && year !== 0 && year <= 2999)).toBe(true);
        expect(['read', 'currently_reading', 'to_read', 'did_not_finish', 'custom', null]).toContain(readStatus(cell));
        for (const shape of ['one', 'list', 'guess'] as const) {
          for (const person of readPeople(cell, { shape, lastFirst: shape === 'one' })) expect(person.name).not.toBe('');
        }
      }),
      { numRuns: runs(1500) },
    );
  });

  it('parseDate gives null or a real YYYY[-MM[-DD]] date; parseReads only such dates', () => {
    const dateLike = fc.oneof(
      cellText,
      fc
        .tuple(fc.integer({ min: 0, max: 3100 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.constantFrom('-', '/', '.'))
        .chain(([y, m, d, sep]) => fc.constantFrom(`${y}${sep}${m}${sep}${d}`, `${d}${sep}${m}${sep}${y}`, `${m}${sep}${d}${sep}${y}`, `${y}${sep}${m}`, `Feb ${d}, ${y}`, `${d} March ${y}`, `${y}-${m}-${d}T10:00`)),
    );
    fc.assert(
      fc.property(fc.option(dateLike), fc.boolean(), (raw, monthFirst) => {
        const date = parseDate(raw, { monthFirst });
        expect(date === null || isRealDate(date)).toBe(true);
        for (const read of parseReads(raw)) {
          expect(read.started === null || isRealDate(read.started)).toBe(true);
          expect(read.finished === null || isRealDate(read.finished)).toBe(true);
          expect(read.started !== null || read.finished !== null).toBe(true);
        }
      }),
      { numRuns: runs(1500) },
    );
  });

  it('readRating is null or within 0..5', () => {
    const ratingLike = fc.oneof(cellText, fc.double().map(String), fc.tuple(fc.double({ min: -1, max: 20, noNaN: true }), fc.integer({ min: 0, max: 20 })).map(([a, b]) => `${a}/${b}`));
    fc.assert(
      fc.property(fc.option(ratingLike), (cell) => {
        const { rating } = readRating(cell);
        expect(rating === null || (rating > 0 && rating <= 5)).toBe(true);
      }),
      { numRuns: runs(1500) },
    );
  });

  it('regression: a rating that rounds to 0 is unrated, not 0 (found by fuzzing)', () => {
    expect(readRating('5e-324')).toEqual({ rating: null });
    expect(readRating('0.004')).toEqual({ rating: null });
    expect(readRating('0.005')).toEqual({ rating: 0.01 });
  });

  it('readIdentifiers returns only checksum-valid ISBNs (and the two forms agree)', () => {
    fc.assert(
      fc.property(fc.array(maybe, { maxLength: 3 }), (cells) => {
        const ids = readIdentifiers(cells);
        if (ids.isbn13 !== null) expect(isValidIsbn13(ids.isbn13)).toBe(true);
        if (ids.isbn10 !== null) {
          expect(isValidIsbn10(ids.isbn10)).toBe(true);
          expect(ids.isbn13).not.toBeNull();
        }
      }),
      { numRuns: runs(1500) },
    );
  });

  it('mapRow never throws, and what it returns is what the contract says', () => {
    const columns = fc.integer({ min: 1, max: 8 });
    const scenario = columns.chain((n) =>
      fc.record({
        header: fc.array(fc.oneof(fc.constantFrom('Title', 'Author', 'ISBN', ''), fc.string({ maxLength: 6 })), { minLength: n, maxLength: n }),
        fields: fc.array(fc.oneof(cellText, fc.constant(undefined)), { maxLength: n + 2 }).map((f) => f.filter((v) => v !== undefined)),
        mapping: fc.array(fc.tuple(fc.constantFrom(...IMPORT_FIELDS), fc.nat(n - 1)), { maxLength: 12 }),
        format: fc.constantFrom('goodreads', 'storygraph', 'librarything', 'generic'),
        problem: fc.option(fc.constantFrom('CSV_UNTERMINATED_QUOTE', 'CSV_MALFORMED_QUOTES', 'CSV_FIELD_COUNT')),
        line: fc.integer({ min: 1, max: 100_000 }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ header, fields, mapping, format, problem, line }) => {
        const columnMapping: TColumnMapping = {};
        for (const [field, at] of mapping) columnMapping[field] = header[at] ?? '';
        const row: RawRow = { line, fields, ...(problem === null ? {} : { problem: { code: problem, message: 'x' }, raw: fields.join(',') }) };
        const outcome = mapRow(row, resolveMapping(header, columnMapping), dialectOf(format));
        if (outcome.ok) {
          const book = ZImportedBook.safeParse(outcome.book);
          expect(book.success ? null : book.error.issues).toBeNull();
          expect(outcome.book.line).toBe(line);
        } else {
          expect(ZInvalidRow.safeParse(outcome.row).success).toBe(true);
          expect(outcome.code).toBe(problem ?? 'CSV_ROW_EMPTY');
        }
      }),
      { numRuns: runs(1500) },
    );
  });

  it('the error codes the import uses exist in the contract', () => {
    for (const code of ['CSV_EMPTY', 'CSV_NOT_TEXT', 'CSV_NO_ROWS', 'CSV_TOO_MANY_ROWS', 'CSV_NO_TITLE_COLUMN']) expect(ERROR_CODES).toContain(code);
  });
});
