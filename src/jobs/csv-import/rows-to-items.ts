import type { NewJobItem } from '../../db/repos/job-items.repo.js';
import type { KnownLookup } from '../enrichment/enrich-pending.js';
import { YieldTimer } from '../yield-timer.js';
import { DuplicateFinder } from './dedupe.js';
import type { Dialect } from './formats.js';
import { requestOf } from './lookup-request.js';
import { mapRow, type ResolvedMapping } from './map-row.js';
import type { RawRow } from './records.js';

/** Items stored per transaction: small enough that one write never holds the thread for long. */
const STORE_CHUNK = 250;
/** Invalid items kept to be announced one by one. */
const FIRST_INVALID = 50;

/** What reading the rows produced besides the stored items. */
export interface RowsRead {
  /** Items left `pending` for enrichment. */
  toEnrich: number;
  /** The first invalid items (for the stream) and how many there are. */
  invalid: { first: NewJobItem[]; total: number };
  /** What each pending item is looked up by, in index order, so it need not be read back. */
  lookups: KnownLookup[];
}

export interface RowSink {
  /** Stores a chunk of items; each row is written once. */
  store(items: NewJobItem[]): Promise<void>;
  /** `done` rows of `total` read. */
  progress(done: number, total: number): void;
}

/**
 * Reads each row as the user's book (or an invalid row), marks duplicates and stores the items a
 * chunk at a time as the rows are parsed: neither the rows nor the items are ever all held.
 * Yields to the event loop about every 8 ms (parsing and mapping 10,000 rows took a second).
 */
export async function rowsToItems(
  rows: Iterable<RawRow>,
  mapping: { resolved: ResolvedMapping; dialect: Dialect; enrich: boolean },
  total: number,
  sink: RowSink,
): Promise<RowsRead> {
  const { resolved, dialect, enrich } = mapping;
  const duplicates = new DuplicateFinder();
  const out: RowsRead = { toEnrich: 0, invalid: { first: [], total: 0 }, lookups: [] };
  const timer = new YieldTimer();
  let chunk: NewJobItem[] = [];
  let index = 0;
  for (const row of rows) {
    const outcome = mapRow(row, resolved, dialect);
    let item: NewJobItem;
    if (outcome.ok) {
      const first = duplicates.check(index, outcome.book);
      item = first
        ? { index, title: outcome.book.title, input: outcome.book, status: 'duplicate', result: { duplicateOf: first.index, duplicateOfLine: first.line } }
        : { index, title: outcome.book.title, input: outcome.book, status: enrich ? 'pending' : 'parsed' };
      if (item.status === 'pending') {
        out.toEnrich++;
        out.lookups.push({ title: outcome.book.title, request: { index, ...requestOf(outcome.book) } });
      }
    } else {
      const title = resolved.index.title === undefined ? null : (row.fields[resolved.index.title]?.trim() ?? null);
      item = { index, title: title || null, input: outcome.row, status: 'invalid', error: { code: outcome.code, message: outcome.message } };
      if (out.invalid.total++ < FIRST_INVALID) out.invalid.first.push(item);
    }
    chunk.push(item);
    index++;
    if (chunk.length >= STORE_CHUNK) {
      await sink.store(chunk);
      chunk = [];
      sink.progress(index, total);
    }
    if (timer.due) await timer.yield();
  }
  await sink.store(chunk);
  sink.progress(total, total);
  return out;
}
