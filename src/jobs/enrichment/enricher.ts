import type { TBookCandidate, TMetadataProvider } from '../../contract/books.js';
import { AppError } from '../../errors.js';
import { ProviderUnavailableError } from '../../providers/errors.js';
import type { BookProvider, ProviderCall, ProviderRecord, SearchQuery } from '../../providers/types.js';
import type { CachedLookups } from './cached-lookups.js';
import { candidateOf, type EnrichmentRequest } from './candidate.js';
import { groupRecords } from './merge.js';
import { LookupPipeline, type OutcomeListener } from './pipeline/lookup-pipeline.js';

export { outcomeOf, type EnrichmentRequest } from './candidate.js';

export interface EnricherOptions {
  /** In fallback order (`ENRICH_PROVIDERS`). */
  providers: readonly BookProvider[];
  lookups: CachedLookups;
  /** Candidates asked of each provider per search. */
  searchLimit?: number;
}

/**
 * Finds books. Lists go through a `LookupPipeline` (ISBNs in bulk, then searches, each provider
 * at its own pace); a single ISBN or search asks every provider at once and merges the answers.
 * Candidates are scored, records of one book merged field by field, and an outage is kept apart
 * from "not found" all the way to the outcome.
 */
export class Enricher {
  private readonly searchLimit: number;
  /** Requests sent upstream through this enricher, retries included (cache hits send none). */
  upstreamCalls = 0;

  constructor(private readonly opts: EnricherOptions) {
    this.searchLimit = opts.searchLimit ?? 5;
  }

  get providers(): readonly TMetadataProvider[] {
    return this.opts.providers.map((p) => p.name);
  }

  /** A pipeline for a job's list of books; add requests to it and await `settled()`. */
  pipeline(call: ProviderCall, onOutcome: OutcomeListener): LookupPipeline {
    return new LookupPipeline(this.opts.providers, this.opts.lookups, this.counting(call), this.searchLimit, onOutcome);
  }

  /** Enriches `requests`, calling `onOutcome` for each as soon as its outcome is final. */
  async enrichMany(requests: readonly EnrichmentRequest[], call: ProviderCall, onOutcome: OutcomeListener): Promise<void> {
    const pipeline = this.pipeline(call, onOutcome);
    try {
      await pipeline.add(requests);
      await pipeline.settled();
    } finally {
      pipeline.close();
    }
  }

  /** One ISBN at every provider at once, merged: the record a client shows for a scanned barcode. */
  async lookupIsbn(isbn13: string, call: ProviderCall): Promise<TBookCandidate | null> {
    const down: TMetadataProvider[] = [];
    const counted = this.counting(call);
    const answers = await Promise.all(
      this.opts.providers.map(async (provider) => {
        const lookup = await this.opts.lookups.isbns(provider, [isbn13], counted);
        if (lookup.unavailable.size > 0) down.push(provider.name);
        return lookup.found.get(isbn13);
      }),
    );
    const records = answers.filter((r): r is ProviderRecord => r !== undefined);
    if (records.length > 0) return candidateOf(records, { index: 0, isbn13 }, 'isbn');
    if (down.length > 0) throw new AppError('PROVIDER_UNAVAILABLE', `could not ask ${down.join(', ')}; try again later`);
    return null;
  }

  /** Ranked candidates from every provider at once, records of one book merged. */
  async search(query: Omit<SearchQuery, 'limit'>, limit: number, call: ProviderCall): Promise<{ candidates: TBookCandidate[]; unavailable: TMetadataProvider[] }> {
    const down: TMetadataProvider[] = [];
    const counted = this.counting(call);
    const answers = await Promise.all(
      this.opts.providers.map(async (provider) => {
        try {
          return await this.opts.lookups.search(provider, { ...query, limit }, counted);
        } catch (error: unknown) {
          if (!(error instanceof ProviderUnavailableError)) throw error;
          down.push(provider.name);
          return [];
        }
      }),
    );
    if (down.length === this.opts.providers.length) throw new AppError('PROVIDER_UNAVAILABLE', `could not ask ${down.join(', ')}; try again later`);
    const request: EnrichmentRequest = { index: 0, ...optionalText('title', query.title ?? query.q), ...optionalText('author', query.author) };
    const candidates = groupRecords(answers.flat())
      .map((group) => candidateOf(group, request, 'search'))
      .sort((a, b) => b.score - a.score);
    return { candidates: candidates.slice(0, limit), unavailable: down };
  }

  /** The call with every request sent counted here too. */
  private counting(call: ProviderCall): ProviderCall {
    return {
      ...call,
      onRequestSent: (provider) => {
        this.upstreamCalls++;
        call.onRequestSent?.(provider);
      },
    };
  }
}

function optionalText<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}
