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

  constructor(private readonly opts: EnricherOptions) {
    this.searchLimit = opts.searchLimit ?? 5;
  }

  get providers(): readonly TMetadataProvider[] {
    return this.opts.providers.map((p) => p.name);
  }

  /** A pipeline for a job's list of books; add requests to it and await `settled()`. */
  pipeline(call: ProviderCall, onOutcome: OutcomeListener): LookupPipeline {
    return new LookupPipeline(this.opts.providers, this.opts.lookups, call, this.searchLimit, onOutcome);
  }

  /** One ISBN at every provider at once, merged: the record a client shows for a scanned barcode. */
  async lookupIsbn(isbn13: string, call: ProviderCall): Promise<TBookCandidate | null> {
    const down: TMetadataProvider[] = [];
    const answers = await Promise.all(
      this.opts.providers.map(async (provider) => {
        const lookup = await this.opts.lookups.isbns(provider, [isbn13], call);
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
    const answers = await Promise.all(
      this.opts.providers.map(async (provider) => {
        try {
          return await this.opts.lookups.search(provider, { ...query, limit }, call);
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

}

function optionalText<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}
