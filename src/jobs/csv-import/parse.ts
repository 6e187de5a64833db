import { csvRecords, RAW_PREVIEW, skipBlank, type RawRow } from './records.js';

export type { RawRow, RowProblem } from './records.js';

export interface ParsedCsv {
  header: string[];
  delimiter: string;
  rows: RawRow[];
}

const DELIMITERS = [',', '\t', ';', '|'] as const;

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

/** A file's header and delimiter, and its rows read on demand (never all held at once). */
export interface CsvReader {
  header: string[];
  delimiter: string;
  /** The rows after the header in file order, parsed as they are taken; each call starts over. */
  rows(): Generator<RawRow>;
}

/**
 * Reads CSV/TSV text with papaparse: quoted fields may hold delimiters, quotes and newlines;
 * blank lines are skipped; every record keeps its starting line, and a row whose field count
 * differs from the header's is marked as such. See `csvRecords` for unterminated quotes.
 */
export function readCsv(text: string, opts: { filename?: string } = {}): CsvReader {
  const delimiter = guessDelimiter(text, opts.filename);
  const head = csvRecords(text, delimiter).next();
  const header = (head.done ? [] : head.value.fields).map((h) => h.trim());
  function* rows(): Generator<RawRow> {
    let first = true;
    for (const row of csvRecords(text, delimiter)) {
      if (first) {
        first = false;
        continue;
      }
      if (!row.problem && row.fields.length !== header.length) {
        row.raw = row.fields.join(delimiter).slice(0, RAW_PREVIEW);
        row.problem = {
          code: 'CSV_FIELD_COUNT',
          message: `line ${row.line}: ${row.fields.length} field${row.fields.length === 1 ? '' : 's'} where the header has ${header.length} (a missing or extra delimiter or quote?)`,
        };
      }
      yield row;
    }
  }
  return { header, delimiter, rows };
}

/** `readCsv` with every row in one array: for small files and tests. */
export function parseCsv(text: string, opts: { filename?: string } = {}): ParsedCsv {
  const reader = readCsv(text, opts);
  return { header: reader.header, delimiter: reader.delimiter, rows: [...reader.rows()] };
}
