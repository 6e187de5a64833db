import type { TCsvImportDetails, TCsvImportJobInput } from '../../contract/imports.js';
import type { NewJobItem } from '../../db/repos/job-items.repo.js';
import { AppError } from '../../errors.js';
import type { ProviderCall } from '../../providers/types.js';
import { chooseMapping, type ColumnMappingDeps } from './column-mapping.js';
import { decodeCsv, type DecodedCsv } from './decode.js';
import { YieldTimer } from '../yield-timer.js';
import { dialectOf } from './formats.js';
import { resolveMapping } from './map-row.js';
import { readCsv, type CsvReader } from './parse.js';
import { rowsToItems, type RowsRead } from './rows-to-items.js';

/** What the parsing and mapping phases produce besides the items: how the file was read, and counts. */
export interface PreparedImport extends RowsRead {
  details: Omit<TCsvImportDetails, 'reusedParse'>;
}

export interface PrepareHooks {
  phase(phase: 'parsing' | 'mapping', message: string): Promise<void>;
  progress(phase: 'parsing' | 'mapping', done: number, total: number): void;
  /** Stores items as they are read, a chunk at a time (a 10,000-row file is never held as items). */
  store(items: NewJobItem[]): Promise<void>;
  /** Something the user should know about how the file is read (a `warning` event), e.g. `CSV_FORMAT_MISMATCH`. */
  warn?(code: string, message: string): Promise<void>;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** Rows counted and the first five well-formed ones kept (the mapping is chosen from them), no row held. */
async function survey(reader: CsvReader): Promise<{ total: number; sample: string[][] }> {
  const timer = new YieldTimer();
  const sample: string[][] = [];
  let total = 0;
  for (const row of reader.rows()) {
    total++;
    if (sample.length < 5 && !row.problem) sample.push(row.fields);
    if (timer.due) await timer.yield();
  }
  return { total, sample };
}

/**
 * Bytes → items, deterministically (a resumed job gets the same items): decode, parse, check the
 * row limits, choose the column mapping, read each row as the user's book, mark duplicates, and
 * store the items as they come. Every row becomes exactly one item: `pending` (to look up),
 * `parsed` (`enrich: false`), `invalid` or `duplicate`. The text is parsed twice, a segment at a
 * time (once to count the rows and pick a sample, once to read them), so its rows are never all
 * held; `source` may be a loader, so that the file's bytes are dropped once decoded.
 */
export async function prepareImport(
  source: Uint8Array | (() => Promise<Uint8Array>),
  input: TCsvImportJobInput,
  deps: ColumnMappingDeps,
  call: ProviderCall,
  hooks: PrepareHooks,
): Promise<PreparedImport> {
  const { text, encoding } = await decodeSource(source, (bytes) => hooks.phase('parsing', `reading ${plural(bytes, 'byte')}`));
  const reader = readCsv(text, input.filename === undefined ? {} : { filename: input.filename });
  const { total, sample } = await survey(reader);
  hooks.progress('parsing', total, total);
  if (reader.header.length === 0 || total === 0) {
    throw new AppError('CSV_NO_ROWS', reader.header.length === 0 ? 'the file has no header line' : 'the file has a header line but no rows', { field: 'csv' });
  }
  if (total > input.maxRows) {
    throw new AppError('CSV_TOO_MANY_ROWS', `the file has ${plural(total, 'row')}; the limit is ${input.maxRows.toLocaleString('en')} (MAX_CSV_ROWS): split it into several imports`, {
      field: 'csv',
    });
  }

  const chosen = await chooseMapping(reader.header, sample, input.format, deps, call);
  const resolved = resolveMapping(reader.header, chosen.mapping);
  // The mismatch is in the phase message too, so that it is seen wherever warnings are not relayed.
  await hooks.phase('mapping', `reading ${plural(total, 'row')} as a ${chosen.format} export (columns mapped by ${chosen.mappedBy})${chosen.mismatch ? `: ${chosen.mismatch}` : ''}`);
  if (chosen.mismatch) await hooks.warn?.('CSV_FORMAT_MISMATCH', chosen.mismatch);

  const read = await rowsToItems(reader.rows(), { resolved, dialect: dialectOf(chosen.format), enrich: input.enrich }, total, {
    store: (items) => hooks.store(items),
    progress: (done, all) => hooks.progress('mapping', done, all),
  });

  const mappedColumns = new Set(Object.values(chosen.mapping));
  return {
    details: {
      format: chosen.format,
      mappedBy: chosen.mappedBy,
      encoding,
      delimiter: reader.delimiter,
      rows: total,
      mapping: chosen.mapping,
      unmappedColumns: reader.header.filter((h) => !mappedColumns.has(h)),
    },
    ...read,
  };
}

/** The text of the file; the bytes are not kept past this call when `source` is a loader. */
async function decodeSource(source: Uint8Array | (() => Promise<Uint8Array>), loaded: (bytes: number) => Promise<void>): Promise<DecodedCsv> {
  const bytes = typeof source === 'function' ? await source() : source;
  await loaded(bytes.byteLength);
  return decodeCsv(bytes);
}
