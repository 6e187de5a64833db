import { ZCsvImportJobInput, type TCsvImportDetails, type TCsvImportJobInput, type TImportedBook } from '../../contract/imports.js';
import type { NewJobItem } from '../../db/repos/job-items.repo.js';
import { ProviderCacheRepo } from '../../db/repos/provider-cache.repo.js';
import type { ProviderCall } from '../../providers/types.js';
import type { JobContext } from '../context.js';
import { defineJob } from '../define.js';
import { enrichPendingItems } from '../enrichment/enrich-pending.js';
import { createWarningRelay } from '../enrichment/warning-relay.js';
import { prepareImport, type PreparedImport } from './prepare.js';

/** Invalid rows announced one by one on the stream; the rest are counted in one warning. */
const ANNOUNCED_INVALID = 50;
/** Identical bytes imported again within this time reuse the parse. */
const PARSE_CACHE_TTL_MS = 24 * 3_600_000;
const PARSE_VERSION = 'v1';

type PrepareStep = TCsvImportDetails & { toEnrich: number };

function parseCacheKey(input: TCsvImportJobInput): string {
  const tsv = input.filename !== undefined && /\.tsv$/i.test(input.filename);
  return `csv-parse:${PARSE_VERSION}:${input.blob}:${input.format}:${input.enrich ? 'enrich' : 'keep'}:${tsv ? 'tsv' : 'any'}`;
}

function isPrepared(value: unknown, maxRows: number): value is PreparedImport {
  if (typeof value !== 'object' || value === null || !('items' in value) || !('details' in value)) return false;
  return Array.isArray(value.items) && value.items.length <= maxRows;
}

function announceInvalid(ctx: JobContext, items: readonly NewJobItem[]): void {
  const invalid = items.filter((i) => i.status === 'invalid');
  for (const item of invalid.slice(0, ANNOUNCED_INVALID)) {
    ctx.emit({ type: 'item', index: item.index, status: 'invalid', ...(item.title ? { title: item.title } : {}), reason: item.error?.message ?? 'invalid row' });
  }
  if (invalid.length > ANNOUNCED_INVALID) {
    ctx.emit({ type: 'warning', code: 'CSV_INVALID_ROWS', message: `${invalid.length - ANNOUNCED_INVALID} more invalid rows; see the results with status=invalid` });
  }
}

/** Parsing and mapping, once per job: items are created and the details kept for the summary. */
async function prepare(ctx: JobContext, input: TCsvImportJobInput, call: ProviderCall): Promise<PrepareStep> {
  const cache = new ProviderCacheRepo(ctx.db);
  const key = parseCacheKey(input);
  const hit = cache.get(key, Date.now())?.value;
  let prepared: PreparedImport;
  const reusedParse = isPrepared(hit, input.maxRows);
  if (reusedParse) {
    prepared = hit;
    ctx.phase('parsing', 'the same file was imported recently: its parse is reused');
  } else {
    const bytes = await ctx.blobs.read(input.blob);
    prepared = await prepareImport(bytes, input, { mapper: ctx.providers.csvColumns, cache, now: Date.now }, call, {
      phase: (phase, message) => ctx.phase(phase, message),
      progress: (phase, done, total) => ctx.progress({ phase, done, total }),
    });
    cache.putMany([{ key, provider: 'csv-import', value: prepared, ttlMs: PARSE_CACHE_TTL_MS }], Date.now());
  }
  ctx.items.create(prepared.items);
  announceInvalid(ctx, prepared.items);
  return { ...prepared.details, reusedParse, toEnrich: prepared.toEnrich };
}

/** What to look a row up by: its ISBN, title, first author and year. */
function requestOf(book: TImportedBook) {
  const author = book.authors.find((a) => a.role === null) ?? book.authors[0];
  return {
    ...(book.title !== null ? { title: book.title } : {}),
    ...(author ? { author: author.name } : {}),
    ...(book.isbn13 !== null ? { isbn13: book.isbn13 } : {}),
    ...(book.year !== null ? { year: book.year } : {}),
  };
}

/**
 * `csv-import`: a Goodreads, StoryGraph or LibraryThing export, or any spreadsheet, read row by
 * row into the user's books (every row becomes exactly one item), then looked up (unless
 * `enrich: false`). Parsing runs once per job; a resumed or retried run only looks up what is left.
 */
export const csvImportJob = defineJob({
  kind: 'csv-import',
  input: ZCsvImportJobInput,
  limits: { concurrency: 2, timeoutMs: 60 * 60_000, maxAttempts: 3 },
  async run(ctx, input) {
    const call: ProviderCall = { signal: ctx.signal, onWarning: createWarningRelay(ctx) };
    const { toEnrich, ...details } = await ctx.step('prepare', () => prepare(ctx, input, call));
    let lookups: { upstreamCalls: number; providers: string[] } | undefined;
    if (input.enrich && toEnrich > 0) {
      lookups = await enrichPendingItems(ctx, { total: toEnrich, request: (item) => requestOf(item.input as TImportedBook) }, call);
    }
    ctx.phase('finalizing', `${details.rows} row${details.rows === 1 ? '' : 's'} imported`);
    return { details: { ...details, ...(lookups ? { upstreamCalls: lookups.upstreamCalls, providers: lookups.providers } : {}) } };
  },
});
