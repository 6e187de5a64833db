import type { TEnrichmentOutcome, TMetadataProvider } from '../../contract/books.js';
import type { TJobProgress } from '../../contract/jobs.js';
import type { ItemOutcome, JobItemRow } from '../../db/store.js';
import type { ProviderCall } from '../../providers/types.js';
import type { JobContext } from '../context.js';
import { CachedLookups } from './cached-lookups.js';
import { Enricher, type EnrichmentRequest } from './enricher.js';
import { nextTurn } from '../yield-timer.js';

/** Builds the enricher a job uses from what the engine hands it. */
export function enricherFor(ctx: Pick<JobContext, 'stores' | 'providers'>): Enricher {
  return new Enricher({ providers: ctx.providers.metadata, lookups: new CachedLookups(ctx.stores.cache, Date.now) });
}

/** An enrichment outcome as the item's final state (failures and review cases say why). */
export function itemOutcomeOf(title: string, outcome: TEnrichmentOutcome, why?: string): ItemOutcome & { reason?: string } {
  const reason =
    why ??
    (outcome.status === 'provider_unavailable'
      ? `provider unavailable: ${outcome.unavailable.join(', ')}`
      : outcome.status === 'needs_review'
        ? `best match scored ${outcome.score ?? 0}; please confirm`
        : undefined);
  return {
    status: outcome.status,
    title,
    result: outcome,
    error: outcome.status === 'provider_unavailable' ? { code: 'PROVIDER_UNAVAILABLE', message: reason ?? 'provider unavailable' } : null,
    ...(reason ? { reason } : {}),
  };
}

/** Pending items read per query when the pipeline is filled. */
const PAGE = 1_000;

/** A pending item's lookup as its job already knows it (from the rows it just stored). */
export interface KnownLookup {
  title: string | null;
  request: EnrichmentRequest;
}

export interface PendingEnrichment {
  /** Items this run and earlier runs look up in all (for `done/total`). */
  total: number;
  /**
   * The pending items' lookups when the caller has them (an import that has just stored its
   * rows): they are not read back and parsed again. Without them (a resumed run) pending items are
   * read a page at a time. Ignored with `finalize`, which needs the stored item.
   */
  known?: readonly KnownLookup[];
  /** What to look for, from an item's stored input. */
  request(item: JobItemRow): Omit<EnrichmentRequest, 'index'>;
  /** The kind's last word on an outcome (a shelf scan sends low-confidence detections to review). */
  finalize?(item: JobItemRow, outcome: TEnrichmentOutcome): { outcome: TEnrichmentOutcome; reason?: string };
}

/** What a job's summary says of its lookups. */
export interface LookupStats {
  /** Requests sent upstream in this run, retries included. */
  upstreamCalls: number;
  providers: TMetadataProvider[];
}

/**
 * Looks up every `pending` item of the job through one pipeline (each provider at its own pace),
 * recording each outcome as it settles and reporting `enriching` progress with the title at hand,
 * what the job waits on and an estimate of the time left; while nothing settles, the engine's
 * heartbeat repeats that. A resumed or retried run starts where the last one stopped, because
 * only pending items are taken.
 */
export async function enrichPendingItems(ctx: JobContext, job: PendingEnrichment, call: ProviderCall): Promise<LookupStats> {
  const enricher = enricherFor(ctx);
  await ctx.phase('enriching', `looking up ${job.total} book${job.total === 1 ? '' : 's'} at ${enricher.providers.join(', ')}`);
  let done = Math.max(0, job.total - (await ctx.items.counts()).pending);
  const known = job.finalize ? undefined : job.known;
  // Only what an outcome needs is kept per item: its title, and the stored row when `finalize` reads it.
  const titles = new Map<number, string | null>();
  const items = new Map<number, JobItemRow>();
  // Outcomes that arrive in the same tick (a bulk ISBN answer settles dozens) are written together.
  let buffered: { index: number; outcome: ItemOutcome & { reason?: string } }[] = [];
  let lastTitle = '';
  const pipeline = enricher.pipeline(call, (index, outcome, lookedUp) => {
    const item = items.get(index);
    items.delete(index);
    lastTitle = titles.get(index) ?? '';
    titles.delete(index);
    const final = item && job.finalize ? job.finalize(item, outcome) : { outcome };
    const why = final.reason ?? (final.outcome.status === 'not_found' ? lookedUp : undefined);
    if (buffered.length === 0) queueMicrotask(flushLater);
    buffered.push({ index, outcome: itemOutcomeOf(lastTitle, final.outcome, why) });
  });
  const progressNow = (): TJobProgress => {
    const { etaMs, message } = pipeline.estimate();
    return {
      phase: 'enriching',
      done,
      total: job.total,
      ...(lastTitle ? { currentItem: lastTitle } : {}),
      ...(message ? { message } : {}),
      etaSeconds: Math.ceil(etaMs / 1000),
    };
  };
  // A write failing must fail the job, not the process: kept and rethrown below.
  let flushError: Error | undefined;
  /** The batches being written, in order (each after the one before). */
  let writes: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    if (buffered.length > 0) {
      const batch = buffered;
      buffered = [];
      writes = writes
        .then(async () => {
          if (flushError) return;
          await ctx.items.completeMany(batch);
          done += batch.length;
          ctx.progress(progressNow());
        })
        .catch((error: unknown) => {
          flushError ??= error instanceof Error ? error : new Error(String(error));
        });
    }
    return writes;
  };
  // flush never rejects: a failed write is kept in flushError.
  const flushLater = () => {
    flush().catch((error: unknown) => (flushError ??= error instanceof Error ? error : new Error(String(error))));
  };
  ctx.describeProgress(progressNow);
  try {
    let requests: readonly EnrichmentRequest[];
    if (known) {
      for (const k of known) titles.set(k.request.index, k.title);
      requests = known.map((k) => k.request);
    } else {
      const read: EnrichmentRequest[] = [];
      for (let page = await ctx.items.pending(PAGE); page.length > 0; page = await ctx.items.pending(PAGE, page.at(-1)?.idx)) {
        for (const item of page) {
          titles.set(item.idx, item.title);
          if (job.finalize) items.set(item.idx, item);
          read.push({ index: item.idx, ...job.request(item) });
        }
        await nextTurn();
      }
      requests = read;
    }
    // All at once, so that the lanes fill whole bulk calls (the pipeline yields while they enter).
    await pipeline.add(requests);
    // Said once every item has entered, before the slowest lookups answer: how much there is to do and how long it takes.
    ctx.progress(progressNow());
    await pipeline.settled();
  } finally {
    ctx.describeProgress(() => undefined);
    pipeline.close();
    await flush();
  }
  if (flushError !== undefined) throw flushError;
  return { upstreamCalls: pipeline.requestsSent, providers: [...enricher.providers] };
}
