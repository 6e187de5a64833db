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

export interface ParsedCsv {
  header: string[];
  delimiter: string;
  rows: RawRow[];
}

const DELIMITERS = [',', '\t', ';', '|'] as const;
const RAW_PREVIEW = 300;

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

function skipBlank(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = text.charCodeAt(++i));
  return i;
}

function firstLine(text: string, start: number): { raw: string; next: number } {
  const nl = text.indexOf('\n', start);
  const end = nl === -1 ? text.length : nl;
  return { raw: text.slice(start, Math.min(end, start + RAW_PREVIEW)).replace(/\r$/, ''), next: nl === -1 ? text.length : nl + 1 };
}

/** The delimiter of the header line: the candidate that splits it into the most columns. */
export function guessDelimiter(text: string, filename?: string): string {
  if (filename !== undefined && /\.tsv$/i.test(filename)) return '\t';
  const counts = headerDelimiterCounts(text);
  let best: string = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

/**
 * How often each candidate delimiter occurs in the header record outside quotes: a quoted name
 * may hold other delimiters (`"Notes; more"`) or a line break, and counting those picked the wrong
 * delimiter. A header whose quote never closes is counted on its first line as written.
 */
function headerDelimiterCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let inQuotes = false;
  let i = skipBlank(text, 0);
  for (; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes && (DELIMITERS as readonly string[]).includes(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  if (!inQuotes) return counts;
  const header = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  return new Map(DELIMITERS.map((d) => [d, header.split(d).length - 1]));
}

/**
 * Parses CSV/TSV text with papaparse: quoted fields may hold delimiters, quotes and newlines;
 * blank lines are skipped. Every other record is returned with its starting line. A quote that is
 * never closed would swallow the rest of the file: that row alone is reported as such and parsing
 * resumes on the next line, so the rows after it are kept.
 */
export function parseCsv(text: string, opts: { filename?: string } = {}): ParsedCsv {
  const delimiter = guessDelimiter(text, opts.filename);
  const lines = new LineCounter(text);
  const records: RawRow[] = [];
  let offset = 0;
  while (offset < text.length) {
    const segment = offset === 0 ? text : text.slice(offset);
    let previous = 0;
    let resumeAt = text.length;
    Papa.parse<string[]>(segment, {
      delimiter,
      skipEmptyLines: 'greedy',
      step: (result, parser) => {
        const start = offset + skipBlank(segment, previous);
        previous = result.meta.cursor;
        const line = lines.lineAt(start);
        if (result.errors.some((e) => e.code === 'MissingQuotes')) {
          const { raw, next } = firstLine(text, start);
          records.push({
            line,
            fields: [],
            raw,
            problem: { code: 'CSV_UNTERMINATED_QUOTE', message: `a quoted field opened on line ${line} is never closed; the rows after it were read again from line ${line + 1}` },
          });
          resumeAt = next;
          parser.abort();
          return;
        }
        const row: RawRow = { line, fields: result.data };
        if (result.errors.some((e) => e.code === 'InvalidQuotes')) {
          row.problem = { code: 'CSV_MALFORMED_QUOTES', message: `line ${line}: a quote inside a field is not escaped ("" is the escape)` };
          row.raw = firstLine(text, start).raw;
        }
        records.push(row);
      },
    });
    offset = resumeAt;
  }
  const [head, ...rows] = records;
  const header = (head?.fields ?? []).map((h) => h.trim());
  for (const row of rows) {
    if (row.problem || row.fields.length === header.length) continue;
    row.raw = row.fields.join(delimiter).slice(0, RAW_PREVIEW);
    row.problem = {
      code: 'CSV_FIELD_COUNT',
      message: `line ${row.line}: ${row.fields.length} field${row.fields.length === 1 ? '' : 's'} where the header has ${header.length} (a missing or extra delimiter or quote?)`,
    };
  }
  return { header, delimiter, rows };
}
