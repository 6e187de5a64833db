import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseCsv, readCsv } from '../../src/jobs/csv-import/parse.js';

/**
 * A file long enough to be parsed in several segments (500 records each), with what cuts could
 * break: quoted fields holding line breaks and delimiters, CRLF line ends, blank lines, and the
 * physical line each record starts on worked out as it is written.
 */
function longFile(rows: number, eol: string) {
  const lines = ['Title,Notes,Year'];
  const expected: { line: number; fields: string[] }[] = [];
  let line = 2;
  for (let i = 0; i < rows; i++) {
    if (i % 97 === 0) {
      lines.push('');
      line++;
    }
    const notes = i % 7 === 0 ? `first, "quoted"${eol}second line` : `note ${i}`;
    lines.push(`"Book ${i}","${notes.replace(/"/g, '""')}",${1900 + (i % 100)}`);
    expected.push({ line, fields: [`Book ${i}`, notes, String(1900 + (i % 100))] });
    line += i % 7 === 0 ? 2 : 1;
  }
  return { text: lines.join(eol) + eol, expected };
}

describe('streamed parsing (a segment at a time)', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`keeps every row, its fields and its line across segment cuts (${JSON.stringify(eol)})`, () => {
      const { text, expected } = longFile(1_337, eol);
      const parsed = parseCsv(text);
      expect(parsed.header).toEqual(['Title', 'Notes', 'Year']);
      expect(parsed.rows.map((r) => ({ line: r.line, fields: r.fields }))).toEqual(expected);
      expect(parsed.rows.filter((r) => r.problem)).toEqual([]);
      // The same records papaparse reads from the whole text in one go.
      const whole = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' }).data.slice(1);
      expect(parsed.rows.map((r) => r.fields)).toEqual(whole);
    });
  }

  it('reads rows on demand: every pass starts over and yields the same rows', () => {
    const { text, expected } = longFile(1_200, '\n');
    const reader = readCsv(text);
    const first = reader.rows().next();
    expect(first.value).toMatchObject(expected[0] ?? {});
    expect([...reader.rows()].map((r) => r.line)).toEqual(expected.map((e) => e.line));
    expect([...reader.rows()]).toHaveLength(1_200);
  });

  it('after an unterminated quote past the first segment, resumes on the next line with the right line numbers', () => {
    const { text } = longFile(700, '\n');
    const broken = `${text}"Open quote,never closed,1999\nLast,row,2000\n`;
    const rows = parseCsv(broken).rows;
    expect(rows).toHaveLength(702);
    const last = longFile(700, '\n').expected.at(-1)?.line ?? 0;
    expect(rows[700]).toMatchObject({ line: last + 1, problem: { code: 'CSV_UNTERMINATED_QUOTE' } });
    expect(rows[701]).toEqual({ line: last + 2, fields: ['Last', 'row', '2000'] });
  });
});
