import { describe, expect, it } from 'vitest';
import { csvBytesProblem, decodeCsv } from '../../src/jobs/csv-import/decode.js';
import { guessDelimiter, parseCsv } from '../../src/jobs/csv-import/parse.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeCsv', () => {
  it('reads UTF-8, with or without a BOM (the BOM is dropped)', () => {
    expect(decodeCsv(bytes('Title\nÉcole\n'))).toEqual({ text: 'Title\nÉcole\n', encoding: 'utf-8' });
    expect(decodeCsv(bytes([0xef, 0xbb, 0xbf], 'Title\n'))).toEqual({ text: 'Title\n', encoding: 'utf-8-bom' });
  });

  it('falls back to Windows-1252 for Latin-1 files, and keeps the UTF-8 runs of mixed ones', () => {
    expect(decodeCsv(bytes('Cort', [0xe1], 'zar, Julio ', [0x80]))).toEqual({ text: 'Cortázar, Julio €', encoding: 'windows-1252' });
    expect(decodeCsv(bytes('Récit ', [0xe2], 'a'))).toEqual({ text: 'Récit âa', encoding: 'utf-8+windows-1252' });
  });
});

describe('csvBytesProblem', () => {
  it('refuses empty and blank files, and binary data', () => {
    expect(csvBytesProblem(bytes(''))?.code).toBe('CSV_EMPTY');
    expect(csvBytesProblem(bytes([0xef, 0xbb, 0xbf], ' \r\n\n'))?.code).toBe('CSV_EMPTY');
    const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(csvBytesProblem(png)).toMatchObject({ code: 'CSV_NOT_TEXT', message: expect.stringContaining('byte 6') as unknown });
    expect(csvBytesProblem(bytes('Title\nA\n'))).toBeNull();
  });

  it('refuses a file of one line (a header and no rows), whatever its line ends and blank lines', () => {
    for (const oneLine of ['Title,Author', 'Title,Author\n', 'Title,Author\r\n\r\n  \n', '\n\nTitle\t Author \r', '\ufeffTitle\n']) {
      expect(csvBytesProblem(bytes(oneLine))).toEqual({ code: 'CSV_NO_ROWS', message: 'the file has a header line but no rows' });
    }
    for (const rows of ['Title\nA', 'Title\r\nA', 'Title\rA\r', '\n Title\n\n \tA\n']) expect(csvBytesProblem(bytes(rows))).toBeNull();
  });
});

describe('parseCsv', () => {
  it('keeps quoted delimiters, quotes and newlines, skips blank lines and numbers rows by their first line', () => {
    const parsed = parseCsv('Title,Author\r\n"Dune, Deluxe","Frank ""F"" Herbert"\r\n\r\n"A\nB",C\r\nD,E');
    expect(parsed.header).toEqual(['Title', 'Author']);
    expect(parsed.rows).toEqual([
      { line: 2, fields: ['Dune, Deluxe', 'Frank "F" Herbert'] },
      { line: 4, fields: ['A\nB', 'C'] },
      { line: 6, fields: ['D', 'E'] },
    ]);
  });

  it('detects tab and semicolon delimiters, and takes tabs from a .tsv name', () => {
    expect(parseCsv('Title\tAuthor\nA\tB\n').rows[0]?.fields).toEqual(['A', 'B']);
    expect(parseCsv('Titel;Autor\nA;B\n').delimiter).toBe(';');
    expect(guessDelimiter('Title\n', 'books.TSV')).toBe('\t');
  });

  it('reports an unterminated quote on its own line and reads the rows after it again', () => {
    const parsed = parseCsv('Title,Author\nA,B\nC,"oops\nD,E\nF,G\n');
    expect(parsed.rows.map((r) => [r.line, r.problem?.code ?? 'ok'])).toEqual([
      [2, 'ok'],
      [3, 'CSV_UNTERMINATED_QUOTE'],
      [4, 'ok'],
      [5, 'ok'],
    ]);
    expect(parsed.rows[1]).toMatchObject({ raw: 'C,"oops', problem: { message: expect.stringContaining('line 3') as unknown } });
    expect(parsed.rows[3]?.fields).toEqual(['F', 'G']);
  });

  it('marks rows whose field count differs from the header, with their line', () => {
    const parsed = parseCsv('Title,Author\nA,B,extra\nC\nD,E\n');
    expect(parsed.rows.map((r) => r.problem?.code ?? 'ok')).toEqual(['CSV_FIELD_COUNT', 'CSV_FIELD_COUNT', 'ok']);
    expect(parsed.rows[0]?.problem?.message).toContain('line 2: 3 fields where the header has 2');
  });
});
