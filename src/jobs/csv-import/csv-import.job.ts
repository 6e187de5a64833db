import { z } from 'zod';
import { ZCsvImportDetails, ZCsvImportJobInput, type TCsvImportDetails, type TCsvImportJobInput, type TImportedBook } from '../../contract/imports.js';
import type { ProviderCall } from '../../providers/types.js';
import type { JobContext } from '../context.js';
import { defineJob } from '../define.js';
import { enrichPendingItems, type KnownLookup } from '../enrichment/enrich-pending.js';
import { createWarningRelay } from '../enrichment/warning-relay.js';
import { requestOf } from './lookup-request.js';
import { prepareImport } from './prepare.js';

const ZPrepareStep = ZCsvImportDetails.extend({ toEnrich: z.number().int().nonnegative() });

/** Invalid rows announced one by one on the stream; the rest are counted in one warning. */
const ANNOUNCED_INVALID = 50;
const PREPARE_STEP = 'prepare';
/** Item statuses an import of the same bytes takes over as they are; every other item is looked up again. */
const KEPT_ON_REUSE = ['invalid', 'duplicate', 'parsed'] as const;

type PrepareStep = TCsvImportDetails & { toEnrich: number };

/** The same bytes read the same way: same format asked for, same enrich choice, same delimiter hint. */
function readsAlike(a: TCsvImportJobInput, b: TCsvImportJobInput): boolean {
  const tsv = (i: TCsvImportJobInput) => i.filename !== undefined && /\.tsv$/i.test(i.filename);
  return a.format === b.format && a.enrich === b.enrich && tsv(a) === tsv(b);
}

async function announceInvalid(ctx: JobContext, invalid: readonly { index: number; title?: string | null; error?: { message: string } | null }[], total: number): Promise<void> {
  for (const item of invalid.slice(0, ANNOUNCED_INVALID)) {
    await ctx.emit({ type: 'item', index: item.index, status: 'invalid', ...(item.title ? { title: item.title } : {}), reason: item.error?.message ?? 'invalid row' });
  }
  if (total > ANNOUNCED_INVALID) {
    await ctx.emit({ type: 'warning', code: 'CSV_INVALID_ROWS', message: `${total - ANNOUNCED_INVALID} more invalid rows; see the results with status=invalid` });
  }
}

/** Copies the items of an earlier import of the same bytes, when there is one to copy. */
async function reuseEarlierParse(ctx: JobContext, input: TCsvImportJobInput): Promise<PrepareStep | undefined> {
  const candidates = await ctx.stores.reuse.preparedJobs({ kind: 'csv-import', sha256: input.blob, role: 'csv', stepKey: PREPARE_STEP, exceptJobId: ctx.jobId, limit: 10 });
  const earlier = candidates.find((job) => {
      const parsed = ZCsvImportJobInput.safeParse(job.input);
      return parsed.success && readsAlike(parsed.data, input) && ZPrepareStep.safeParse(job.step).success;
    });
  if (!earlier) return undefined;
  const step = ZPrepareStep.parse(earlier.step);
  if (step.rows > input.maxRows) return undefined;
  await ctx.phase('parsing', 'the same file was imported recently: its parsed rows are reused');
  await ctx.items.copyFrom(earlier.jobId, KEPT_ON_REUSE);
  const invalid = await ctx.items.ofStatus('invalid', ANNOUNCED_INVALID);
  const counts = await ctx.items.counts();
  await announceInvalid(ctx, invalid.map((row) => ({ index: row.idx, title: row.title, error: row.error })), counts.counts.invalid ?? 0);
  return { ...step, reusedParse: true, toEnrich: counts.pending };
}

/**
 * Parsing and mapping, once per job: items are created and the details kept for the summary.
 * The pending items' lookups go to `keep` (not into the step's stored value): the enrichment of
 * this same run uses them instead of reading the items back.
 */
async function prepare(ctx: JobContext, input: TCsvImportJobInput, call: ProviderCall, keep: (lookups: KnownLookup[]) => void): Promise<PrepareStep> {
  const reused = await reuseEarlierParse(ctx, input);
  if (reused) return reused;
  // A loader, not the bytes: the file is dropped once decoded instead of living through the import.
  const prepared = await prepareImport(() => ctx.blobs.read(input.blob), input, { mapper: ctx.providers.csvColumns, cache: ctx.stores.cache, now: Date.now }, call, {
    phase: (phase, message) => ctx.phase(phase, message),
    progress: (phase, done, total) => ctx.progress({ phase, done, total }),
    store: (items) => ctx.items.create(items),
    warn: (code, message) => ctx.emit({ type: 'warning', code, message }),
  });
  await announceInvalid(ctx, prepared.invalid.first, prepared.invalid.total);
  keep(prepared.lookups);
  return { ...prepared.details, reusedParse: false, toEnrich: prepared.toEnrich };
}

/**
 * `csv-import`: a Goodreads, StoryGraph or LibraryThing export, or any spreadsheet, read row by
 * row into the user's books (every row becomes exactly one item), then looked up (unless
 * `enrich: false`). Parsing runs once per job; a resumed or retried run only looks up what is left.
 */
export const csvImportJob = defineJob({
  kind: 'csv-import',
  input: ZCsvImportJobInput,
  limits: { concurrency: 2, maxAttempts: 3 },
  async run(ctx, input) {
    const call: ProviderCall = { signal: ctx.signal, onWarning: createWarningRelay(ctx) };
    // Set only when this run parsed the file; a resumed run (the step memoised) reads its pending items.
    let known: KnownLookup[] | undefined;
    const { toEnrich, ...details } = await ctx.step(PREPARE_STEP, () => prepare(ctx, input, call, (lookups) => (known = lookups)));
    let lookups: { upstreamCalls: number; providers: string[] } | undefined;
    if (input.enrich && toEnrich > 0) {
      lookups = await enrichPendingItems(ctx, { total: toEnrich, request: (item) => requestOf(item.input as TImportedBook), ...(known ? { known } : {}) }, call);
    }
    await ctx.phase('finalizing', `${details.rows} row${details.rows === 1 ? '' : 's'} imported`);
    return { details: { ...details, ...(lookups ? { upstreamCalls: lookups.upstreamCalls, providers: lookups.providers } : {}) } };
  },
});
