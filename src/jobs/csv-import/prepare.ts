import type { TCsvImportDetails, TCsvImportJobInput } from '../../contract/imports.js';
import type { NewJobItem } from '../../db/repos/job-items.repo.js';
import { AppError } from '../../errors.js';
import type { ProviderCall } from '../../providers/types.js';
import { chooseMapping, type ColumnMappingDeps } from './column-mapping.js';
import { decodeCsv } from './decode.js';
import { DuplicateFinder } from './dedupe.js';
import { dialectOf } from './formats.js';
import { mapRow, resolveMapping } from './map-row.js';
import { parseCsv } from './parse.js';

/** What the parsing and mapping phases produce besides the items: how the file was read, and counts. */
export interface PreparedImport {
  details: Omit<TCsvImportDetails, 'reusedParse'>;
  /** Items left `pending` for enrichment. */
  toEnrich: number;
  /** The first invalid items (for the stream) and how many there are. */
  invalid: { first: NewJobItem[]; total: number };
}

export interface PrepareHooks {
  phase(phase: 'parsing' | 'mapping', message: string): void;
  progress(phase: 'parsing' | 'mapping', done: number, total: number): void;
  /** Stores items as they are read, a chunk at a time (a 10,000-row file is never held as items). */
  store(items: NewJobItem[]): void;
  /** Something the user should know about how the file is read (a `warning` event), e.g. `CSV_FORMAT_MISMATCH`. */
  warn?(code: string, message: string): void;
}

/** Items stored per chunk. */
const STORE_CHUNK = 1000;
/** Invalid items kept to be announced one by one. */
const FIRST_INVALID = 50;

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/**
 * Bytes → items, deterministically (a resumed job gets the same items): decode, parse, check the
 * row limits, choose the column mapping, read each row as the user's book, mark duplicates, and
 * store the items as they come. Every row becomes exactly one item: `pending` (to look up),
 * `parsed` (`enrich: false`), `invalid` or `duplicate`.
 */
export async function prepareImport(
  bytes: Uint8Array,
  input: TCsvImportJobInput,
  deps: ColumnMappingDeps,
  call: ProviderCall,
  hooks: PrepareHooks,
): Promise<PreparedImport> {
  hooks.phase('parsing', `reading ${plural(bytes.byteLength, 'byte')}`);
  const { text, encoding } = decodeCsv(bytes);
  const parsed = parseCsv(text, input.filename === undefined ? {} : { filename: input.filename });
  const total = parsed.rows.length;
  hooks.progress('parsing', total, total);
  if (parsed.header.length === 0 || total === 0) {
    throw new AppError('CSV_NO_ROWS', parsed.header.length === 0 ? 'the file has no header line' : 'the file has a header line but no rows', { field: 'csv' });
  }
  if (total > input.maxRows) {
    throw new AppError('CSV_TOO_MANY_ROWS', `the file has ${plural(total, 'row')}; the limit is ${input.maxRows.toLocaleString('en')} (MAX_CSV_ROWS): split it into several imports`, {
      field: 'csv',
    });
  }

  const sample: string[][] = [];
  for (const row of parsed.rows) {
    if (sample.length === 5) break;
    if (!row.problem) sample.push(row.fields);
  }
  const chosen = await chooseMapping(parsed.header, sample, input.format, deps, call);
  const resolved = resolveMapping(parsed.header, chosen.mapping);
  const dialect = dialectOf(chosen.format);
  // The mismatch is in the phase message too, so that it is seen wherever warnings are not relayed.
  hooks.phase('mapping', `reading ${plural(total, 'row')} as a ${chosen.format} export (columns mapped by ${chosen.mappedBy})${chosen.mismatch ? `: ${chosen.mismatch}` : ''}`);
  if (chosen.mismatch) hooks.warn?.('CSV_FORMAT_MISMATCH', chosen.mismatch);

  const duplicates = new DuplicateFinder();
  let chunk: NewJobItem[] = [];
  let toEnrich = 0;
  const invalid: PreparedImport['invalid'] = { first: [], total: 0 };
  parsed.rows.forEach((row, index) => {
    const outcome = mapRow(row, resolved, dialect);
    let item: NewJobItem;
    if (outcome.ok) {
      const first = duplicates.check(index, outcome.book);
      item = first
        ? { index, title: outcome.book.title, input: outcome.book, status: 'duplicate', result: { duplicateOf: first.index, duplicateOfLine: first.line } }
        : { index, title: outcome.book.title, input: outcome.book, status: input.enrich ? 'pending' : 'parsed' };
      if (item.status === 'pending') toEnrich++;
    } else {
      const title = resolved.index.title === undefined ? null : (row.fields[resolved.index.title]?.trim() ?? null);
      item = { index, title: title || null, input: outcome.row, status: 'invalid', error: { code: outcome.code, message: outcome.message } };
      if (invalid.total++ < FIRST_INVALID) invalid.first.push(item);
    }
    chunk.push(item);
    if (chunk.length >= STORE_CHUNK) {
      hooks.store(chunk);
      chunk = [];
      hooks.progress('mapping', index + 1, total);
    }
  });
  hooks.store(chunk);
  hooks.progress('mapping', total, total);

  const mappedColumns = new Set(Object.values(chosen.mapping));
  return {
    details: {
      format: chosen.format,
      mappedBy: chosen.mappedBy,
      encoding,
      delimiter: parsed.delimiter,
      rows: total,
      mapping: chosen.mapping,
      unmappedColumns: parsed.header.filter((h) => !mappedColumns.has(h)),
    },
    toEnrich,
    invalid,
  };
}
