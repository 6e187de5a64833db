import type { TEnrichmentOutcome } from '../../contract/books.js';
import { ZEnrichmentJobInput } from '../../contract/enrichment.js';
import { ProviderCacheRepo } from '../../db/repos/provider-cache.repo.js';
import type { JobContext } from '../context.js';
import { defineJob } from '../define.js';
import { CachedLookups } from './cached-lookups.js';
import { Enricher, type EnrichmentRequest } from './enricher.js';
import { createWarningRelay } from './warning-relay.js';

/** Items per round: enough for full bulk calls, small enough that progress and resumption stay fine-grained. */
const CHUNK = 200;

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

/**
 * `enrichment`: finds metadata for up to 1,000 `{title, author?, isbn?}` inputs. Items are created
 * once; each round takes the next pending ones, so a resumed or retried job only does what is left.
 */
export const enrichmentJob = defineJob({
  kind: 'enrichment',
  input: ZEnrichmentJobInput,
  limits: { concurrency: 2, timeoutMs: 30 * 60_000, maxAttempts: 3 },
  async run(ctx, input) {
    ctx.items.create(input.books.map((book, index) => ({ index, title: book.title, input: { ...book } })));
    const enricher = enricherFor(ctx);
    const warnings = createWarningRelay(ctx);
    const call = { signal: ctx.signal, onWarning: warnings };
    const total = input.books.length;
    ctx.phase('enriching', `looking up ${total} book${total === 1 ? '' : 's'} at ${enricher.providers.join(', ')}`);
    let done = total - ctx.items.counts().pending;
    for (let batch = ctx.items.pending(CHUNK); batch.length > 0; batch = ctx.items.pending(CHUNK, batch.at(-1)?.idx)) {
      const requests: EnrichmentRequest[] = batch.map((item) => {
        const book = input.books[item.idx];
        return { index: item.idx, ...(book ? { title: book.title, ...(book.author ? { author: book.author } : {}), ...(book.isbn ? { isbn13: book.isbn } : {}) } : {}) };
      });
      await enricher.enrichMany(requests, call, (index, outcome) => {
        const title = input.books[index]?.title ?? '';
        completeItem(ctx, index, title, outcome);
        done++;
        ctx.progress({ phase: 'enriching', done, total, currentItem: title });
      });
    }
    ctx.phase('finalizing', 'enrichment finished');
    return { details: { upstreamCalls: enricher.upstreamCalls, providers: [...enricher.providers] } };
  },
});
