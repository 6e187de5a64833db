import type { TEnrichmentOutcome } from '../../contract/books.js';
import type { JobItemRow } from '../../db/repos/job-items.repo.js';
import { ProviderCacheRepo } from '../../db/repos/provider-cache.repo.js';
import type { ProviderCall } from '../../providers/types.js';
import type { JobContext } from '../context.js';
import { CachedLookups } from './cached-lookups.js';
import { Enricher, type EnrichmentRequest } from './enricher.js';

/** Builds the enricher a job uses from what the engine hands it. */
export function enricherFor(ctx: Pick<JobContext, 'db' | 'providers'>): Enricher {
  return new Enricher({ providers: ctx.providers.metadata, lookups: new CachedLookups(new ProviderCacheRepo(ctx.db), Date.now) });
}

/** Records an enrichment outcome as the item's final state. */
export function completeItem(ctx: JobContext, index: number, title: string, outcome: TEnrichmentOutcome): void {
  const reason =
    outcome.status === 'provider_unavailable'
      ? `provider unavailable: ${outcome.unavailable.join(', ')}`
      : outcome.status === 'needs_review'
        ? `best match scored ${outcome.score ?? 0}; please confirm`
        : undefined;
  ctx.items.complete(index, {
    status: outcome.status,
    title,
    result: outcome,
    error: outcome.status === 'provider_unavailable' ? { code: 'PROVIDER_UNAVAILABLE', message: reason ?? 'provider unavailable' } : null,
    ...(reason ? { reason } : {}),
  });
}

/** Items per round: enough for full bulk calls, small enough that progress and resumption stay fine-grained. */
const CHUNK = 200;

export interface PendingEnrichment {
  /** Items this run and earlier runs look up in all (for `done/total`). */
  total: number;
  /** What to look for, from an item's stored input. */
  request(item: JobItemRow): Omit<EnrichmentRequest, 'index'>;
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
  for (let batch = ctx.items.pending(CHUNK); batch.length > 0; batch = ctx.items.pending(CHUNK, batch.at(-1)?.idx)) {
    const titles = new Map(batch.map((item) => [item.idx, item.title ?? '']));
    const requests = batch.map((item): EnrichmentRequest => ({ index: item.idx, ...job.request(item) }));
    await enricher.enrichMany(requests, call, (index, outcome) => {
      const title = titles.get(index) ?? '';
      completeItem(ctx, index, title, outcome);
      done++;
      ctx.progress({ phase: 'enriching', done, total: job.total, currentItem: title });
    });
  }
  return { upstreamCalls: enricher.upstreamCalls, providers: [...enricher.providers] };
}
