import type { TCsvImportDetails, TCsvImportJobInput, TImportedBook } from '../../contract/imports.js';
import type { NewJobItem } from '../../db/repos/job-items.repo.js';
import { AppError } from '../../errors.js';
import type { ProviderCall } from '../../providers/types.js';
import { chooseMapping, type ColumnMappingDeps } from './column-mapping.js';
import { decodeCsv } from './decode.js';
import { findDuplicates } from './dedupe.js';
import { dialectOf } from './formats.js';
import { mapRow, resolveMapping } from './map-row.js';
import { parseCsv } from './parse.js';

/** Everything the parsing and mapping phases produce: the job's items, and how the file was read. */
export interface PreparedImport {
  details: Omit<TCsvImportDetails, 'reusedParse'>;
  items: NewJobItem[];
  /** Items left `pending` for enrichment. */
  toEnrich: number;
}

export interface PrepareHooks {
  phase(phase: 'parsing' | 'mapping', message: string): void;
  progress(phase: 'parsing' | 'mapping', done: number, total: number): void;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/**
 * Bytes → items, deterministically (a resumed job gets the same items): decode, parse, check the
 * row limits, choose the column mapping, read each row as the user's book, mark duplicates. Every
 * row becomes exactly one item: `pending` (to look up), `parsed` (`enrich: false`), `invalid` or
 * `duplicate`.
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

  const sample = parsed.rows.filter((r) => !r.problem).slice(0, 5).map((r) => r.fields);
  const chosen = await chooseMapping(parsed.header, sample, input.format, deps, call);
  const resolved = resolveMapping(parsed.header, chosen.mapping);
  const dialect = dialectOf(chosen.format);
  hooks.phase('mapping', `reading ${plural(total, 'row')} as a ${chosen.format} export (columns mapped by ${chosen.mappedBy})`);

  const items: NewJobItem[] = [];
  const books: { index: number; book: TImportedBook }[] = [];
  parsed.rows.forEach((row, index) => {
    const outcome = mapRow(row, resolved, dialect);
    if (outcome.ok) {
      books.push({ index, book: outcome.book });
      items.push({ index, title: outcome.book.title, input: outcome.book, status: input.enrich ? 'pending' : 'parsed' });
    } else {
      const title = resolved.index.title === undefined ? null : (row.fields[resolved.index.title]?.trim() ?? null);
      items.push({ index, title: title || null, input: outcome.row, status: 'invalid', error: { code: outcome.code, message: outcome.message } });
    }
    if ((index + 1) % 1000 === 0) hooks.progress('mapping', index + 1, total);
  });
  hooks.progress('mapping', total, total);

  for (const [index, first] of findDuplicates(books)) {
    const item = items[index];
    if (!item) continue;
    item.status = 'duplicate';
    item.result = { duplicateOf: first.index, duplicateOfLine: first.line };
  }

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
    items,
    toEnrich: items.filter((i) => i.status === 'pending').length,
  };
}
