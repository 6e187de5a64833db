import Papa from 'papaparse';

/** Why a row could not be read as a record of the file. */
export interface RowProblem {
  code: 'CSV_UNTERMINATED_QUOTE' | 'CSV_MALFORMED_QUOTES' | 'CSV_FIELD_COUNT';
  message: string;
}

/** One record of the file (the header excluded), with the physical line it starts on. */
export interface RawRow {
  line: number;
  fields: string[];
  /** Set when the row is malformed: it becomes an `invalid` item, never silently merged. */
  problem?: RowProblem;
  /** The row's text as written (first line, truncated), shown for malformed rows. */
  raw?: string;
}

/** Longest text kept of a malformed row. */
export const RAW_PREVIEW = 300;
/**
 * Records parsed per papaparse call. The text is parsed a segment at a time so that only one
 * segment's rows exist at once (a 10,000-row file was held as one array beside its text).
 */
const SEGMENT_ROWS = 500;

/** Line numbers of positions that only ever move forward, counted once over the text. */
class LineCounter {
  private pos = 0;
  private line = 1;
  constructor(private readonly text: string) {}

  lineAt(target: number): number {
    for (let nl = this.text.indexOf('\n', this.pos); nl !== -1 && nl < target; nl = this.text.indexOf('\n', nl + 1)) this.line++;
    this.pos = Math.max(this.pos, target);
    return this.line;
  }
}

/** The first position at or after `from` that is not blank (spaces, tabs, line breaks). */
export function skipBlank(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = text.charCodeAt(++i));
  return i;
}

function skipLineBreaks(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); c === 0x0a || c === 0x0d; c = text.charCodeAt(++i));
  return i;
}

function firstLine(text: string, start: number): { raw: string; next: number } {
  const nl = text.indexOf('\n', start);
  const end = nl === -1 ? text.length : nl;
  return { raw: text.slice(start, Math.min(end, start + RAW_PREVIEW)).replace(/\r$/, ''), next: nl === -1 ? text.length : nl + 1 };
}

/**
 * Every record of the text (the header line first), one at a time, with its starting line;
 * blank lines are skipped. A quote that is never closed would swallow the rest of the file: that
 * record alone is reported as such and parsing resumes on the next line (papaparse guesses the
 * line break again there, as for a new file). Between segments the line break found first is
 * kept, so cutting the text into segments never changes what is read.
 */
export function* csvRecords(text: string, delimiter: string): Generator<RawRow> {
  const lines = new LineCounter(text);
  let offset = 0;
  let newline: string | undefined;
  while (offset < text.length) {
    const segment = offset === 0 ? text : text.slice(offset);
    const batch: RawRow[] = [];
    let previous = 0;
    let resumeAt = text.length;
    Papa.parse<string[]>(segment, {
      delimiter,
      skipEmptyLines: 'greedy',
      ...(newline === undefined ? {} : { newline: newline as '\n' }),
      step: (result, parser) => {
        if (newline === undefined) newline = result.meta.linebreak;
        const start = offset + skipBlank(segment, previous);
        previous = result.meta.cursor;
        const line = lines.lineAt(start);
        if (result.errors.some((e) => e.code === 'MissingQuotes')) {
          const { raw, next } = firstLine(text, start);
          batch.push({
            line,
            fields: [],
            raw,
            problem: { code: 'CSV_UNTERMINATED_QUOTE', message: `a quoted field opened on line ${line} is never closed; the rows after it were read again from line ${line + 1}` },
          });
          resumeAt = next;
          // The rest is read as a new file would be: its line break guessed again.
          newline = undefined;
          parser.abort();
          return;
        }
        const row: RawRow = { line, fields: result.data };
        if (result.errors.some((e) => e.code === 'InvalidQuotes')) {
          row.problem = { code: 'CSV_MALFORMED_QUOTES', message: `line ${line}: a quote inside a field is not escaped ("" is the escape)` };
          row.raw = firstLine(text, start).raw;
        }
        batch.push(row);
        if (batch.length >= SEGMENT_ROWS) {
          resumeAt = skipLineBreaks(text, offset + result.meta.cursor);
          parser.abort();
        }
      },
    });
    offset = resumeAt;
    yield* batch;
  }
}
