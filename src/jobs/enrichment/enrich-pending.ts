import type { TEnrichmentOutcome } from '../../contract/books.js';
import type { ItemOutcome, JobItemRow } from '../../db/repos/job-items.repo.js';
import { ProviderCacheRepo } from '../../db/repos/provider-cache.repo.js';
import type { ProviderCall } from '../../providers/types.js';
import type { JobContext } from '../context.js';
import { CachedLookups } from './cached-lookups.js';
import { Enricher, type EnrichmentRequest } from './enricher.js';

/** Builds the enricher a job uses from what the engine hands it. */
export function enricherFor(ctx: Pick<JobContext, 'db' | 'providers'>): Enricher {
  return new Enricher({ providers: ctx.providers.metadata, lookups: new CachedLookups(new ProviderCacheRepo(ctx.db), Date.now) });
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

/** Items per round: enough for full bulk calls, small enough that progress and resumption stay fine-grained. */
const CHUNK = 200;

export interface PendingEnrichment {
  /** Items this run and earlier runs look up in all (for `done/total`). */
  total: number;
  /** What to look for, from an item's stored input. */
  request(item: JobItemRow): Omit<EnrichmentRequest, 'index'>;
  /** The kind's last word on an outcome (a shelf scan sends low-confidence detections to review). */
  finalize?(item: JobItemRow, outcome: TEnrichmentOutcome): { outcome: TEnrichmentOutcome; reason?: string };
}

/**
 * Looks up every `pending` item of the job, a chunk at a time, recording each outcome as it comes
 * and reporting `enriching` progress with the title at hand. A resumed or retried run starts where
 * the last one stopped, because only pending items are taken. Returns the upstream calls made.
 */
export async function enrichPendingItems(ctx: JobContext, job: PendingEnrichment, call: ProviderCall): Promise<{ upstreamCalls: number; providers: string[] }> {
  const enricher = enricherFor(ctx);
  ctx.phase('enriching', `looking up ${job.total} book${job.total === 1 ? '' : 's'} at ${enricher.providers.join(', ')}`);
  let done = Math.max(0, job.total - ctx.items.counts().pending);
  // Outcomes that arrive in the same tick (a bulk ISBN answer settles hundreds) are written together.
  let buffered: { index: number; outcome: ItemOutcome & { reason?: string } }[] = [];
  let lastTitle = '';
  const flush = () => {
    if (buffered.length === 0) return;
    ctx.items.completeMany(buffered);
    done += buffered.length;
    buffered = [];
    ctx.progress({ phase: 'enriching', done, total: job.total, currentItem: lastTitle });
  };
  // A write failing in a microtask must fail the job, not the process: kept and rethrown below.
  let flushError: Error | undefined;
  const flushLater = () => {
    try {
      flush();
    } catch (error: unknown) {
      flushError ??= error instanceof Error ? error : new Error(String(error));
    }
  };
  for (let batch = ctx.items.pending(CHUNK); batch.length > 0; batch = ctx.items.pending(CHUNK, batch.at(-1)?.idx)) {
    const byIndex = new Map(batch.map((item) => [item.idx, item]));
    const requests = batch.map((item): EnrichmentRequest => ({ index: item.idx, ...job.request(item) }));
    try {
      await enricher.enrichMany(requests, call, (index, outcome) => {
        const item = byIndex.get(index);
        lastTitle = item?.title ?? '';
        const final = item && job.finalize ? job.finalize(item, outcome) : { outcome };
        if (buffered.length === 0) queueMicrotask(flushLater);
        buffered.push({ index, outcome: itemOutcomeOf(lastTitle, final.outcome, final.reason) });
      });
    } finally {
      flush();
    }
    if (flushError !== undefined) throw flushError;
  }
  return { upstreamCalls: enricher.upstreamCalls, providers: [...enricher.providers] };
}
