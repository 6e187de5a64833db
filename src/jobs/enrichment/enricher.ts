import pLimit from 'p-limit';
import type { TBookCandidate, TEnrichmentOutcome, TMetadataProvider } from '../../contract/books.js';
import { AppError } from '../../errors.js';
import { ProviderUnavailableError } from '../../providers/errors.js';
import type { BookProvider, ProviderCall, ProviderRecord, SearchQuery } from '../../providers/types.js';
import type { CachedLookups } from './cached-lookups.js';
import { groupRecords, mergeRecords } from './merge.js';
import { classify, scoreCandidate } from './score.js';

/** One book to find: what the user has. */
export interface EnrichmentRequest {
  index: number;
  title?: string;
  author?: string;
  isbn13?: string;
  year?: number;
}

export interface EnricherOptions {
  /** In fallback order (`ENRICH_PROVIDERS`). */
  providers: readonly BookProvider[];
  lookups: CachedLookups;
  /** Candidates asked of each provider per search. */
  searchLimit?: number;
  /** Title searches in flight at once (each provider still paces its own calls). */
  searchConcurrency?: number;
}

/** Removes what exports append to titles ("(The Expanse, #1)") before it is sent as a search. */
const searchTitle = (title: string) => title.replace(/\s*[([][^)\]]*#\s*\d[^)\]]*[)\]]\s*$/, '').trim();
/** "Last, First" → "First Last" (a search engine wants the display form); first author only. */
function searchAuthor(author: string | undefined): string | undefined {
  const first = author?.split(/\s*(?:&|;| and )\s*/)[0]?.trim();
  if (!first) return undefined;
  const parts = first.split(',').map((p) => p.trim());
  return parts.length === 2 && parts[0] && parts[1] ? `${parts[1]} ${parts[0]}` : first;
}

/**
 * Finds books: ISBNs first, gathered across all requests and asked of each provider in bulk, in
 * fallback order, each provider only for what the ones before it did not find; then title and
 * author searches for the rest. Candidates are scored, records of one book merged field by field,
 * and an outage is kept apart from "not found" all the way to the outcome.
 */
export class Enricher {
  private readonly searchLimit: number;
  private readonly searchSlots: ReturnType<typeof pLimit>;
  /** Upstream calls made so far (cache hits cost none). */
  upstreamCalls = 0;

  constructor(private readonly opts: EnricherOptions) {
    this.searchLimit = opts.searchLimit ?? 5;
    this.searchSlots = pLimit(opts.searchConcurrency ?? 8);
  }

  get providers(): readonly TMetadataProvider[] {
    return this.opts.providers.map((p) => p.name);
  }

  /** Enriches `requests`, calling `onOutcome` for each as soon as its outcome is final. */
  async enrichMany(requests: readonly EnrichmentRequest[], call: ProviderCall, onOutcome: (index: number, outcome: TEnrichmentOutcome) => void): Promise<void> {
    const unavailable = new Map<number, Set<TMetadataProvider>>(requests.map((r) => [r.index, new Set()]));
    const byIsbn = await this.isbnRecords(requests, call, unavailable);
    const searchNeeded: { request: EnrichmentRequest; candidates: TBookCandidate[] }[] = [];
    for (const request of requests) {
      const records = request.isbn13 === undefined ? undefined : byIsbn.get(request.isbn13);
      const candidates = records ? [this.candidate(records, request, 'isbn')] : [];
      if (candidates[0] && classify(candidates[0].score) === 'matched') onOutcome(request.index, outcomeOf(candidates, unavailable.get(request.index)));
      else searchNeeded.push({ request, candidates });
    }
    await Promise.all(
      searchNeeded.map(({ request, candidates }) =>
        this.searchSlots(async () => {
          call.signal.throwIfAborted();
          const found = await this.searchCandidates(request, call, unavailable.get(request.index) ?? new Set());
          onOutcome(request.index, outcomeOf([...candidates, ...found], unavailable.get(request.index)));
        }),
      ),
    );
  }

  /** One ISBN at every provider at once, merged: the record a client shows for a scanned barcode. */
  async lookupIsbn(isbn13: string, call: ProviderCall): Promise<TBookCandidate | null> {
    const down: TMetadataProvider[] = [];
    const answers = await Promise.all(
      this.opts.providers.map(async (provider) => {
        const lookup = await this.opts.lookups.isbns(provider, [isbn13], call);
        this.upstreamCalls += lookup.calls;
        if (lookup.unavailable.size > 0) down.push(provider.name);
        return lookup.found.get(isbn13);
      }),
    );
    const records = answers.filter((r): r is ProviderRecord => r !== undefined);
    if (records.length > 0) return this.candidate(records, { index: 0, isbn13 }, 'isbn');
    if (down.length > 0) throw new AppError('PROVIDER_UNAVAILABLE', `could not ask ${down.join(', ')}; try again later`);
    return null;
  }

  /** Ranked candidates from every provider at once, records of one book merged. */
  async search(query: Omit<SearchQuery, 'limit'>, limit: number, call: ProviderCall): Promise<{ candidates: TBookCandidate[]; unavailable: TMetadataProvider[] }> {
    const down: TMetadataProvider[] = [];
    const answers = await Promise.all(
      this.opts.providers.map(async (provider) => {
        try {
          const { records, calls } = await this.opts.lookups.search(provider, { ...query, limit }, call);
          this.upstreamCalls += calls;
          return records;
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
      .map((group) => this.candidate(group, request, 'search'))
      .sort((a, b) => b.score - a.score);
    return { candidates: candidates.slice(0, limit), unavailable: down };
  }

  /** Each provider in order, asked only for the ISBNs nobody before it found. */
  private async isbnRecords(requests: readonly EnrichmentRequest[], call: ProviderCall, unavailable: Map<number, Set<TMetadataProvider>>) {
    const found = new Map<string, ProviderRecord[]>();
    let wanted = [...new Set(requests.flatMap((r) => (r.isbn13 === undefined ? [] : [r.isbn13])))];
    for (const provider of this.opts.providers) {
      if (wanted.length === 0) break;
      call.signal.throwIfAborted();
      const lookup = await this.opts.lookups.isbns(provider, wanted, call);
      this.upstreamCalls += lookup.calls;
      for (const [isbn, record] of lookup.found) found.set(isbn, [...(found.get(isbn) ?? []), record]);
      for (const request of requests) if (request.isbn13 !== undefined && lookup.unavailable.has(request.isbn13)) unavailable.get(request.index)?.add(provider.name);
      wanted = wanted.filter((isbn) => !lookup.found.has(isbn));
    }
    return found;
  }

  /** Title/author search, provider by provider, until one gives a match. */
  private async searchCandidates(request: EnrichmentRequest, call: ProviderCall, down: Set<TMetadataProvider>): Promise<TBookCandidate[]> {
    if (request.title === undefined && request.author === undefined) return [];
    const query: SearchQuery = {
      ...optionalText('title', request.title === undefined ? undefined : searchTitle(request.title)),
      ...optionalText('author', searchAuthor(request.author)),
      limit: this.searchLimit,
    };
    const pool: ProviderRecord[] = [];
    let candidates: TBookCandidate[] = [];
    for (const provider of this.opts.providers) {
      try {
        const { records, calls } = await this.opts.lookups.search(provider, query, call);
        this.upstreamCalls += calls;
        pool.push(...records);
      } catch (error: unknown) {
        if (!(error instanceof ProviderUnavailableError)) throw error;
        down.add(provider.name);
        continue;
      }
      candidates = groupRecords(pool).map((group) => this.candidate(group, request, 'search'));
      if (candidates.some((c) => classify(c.score) === 'matched')) break;
    }
    return candidates;
  }

  private candidate(records: ProviderRecord[], request: EnrichmentRequest, matchedBy: 'isbn' | 'search'): TBookCandidate {
    const score = Math.max(...records.map((r) => scoreCandidate(request, r).score));
    return { ...mergeRecords(records, request.isbn13 === undefined ? {} : { matchedByIsbn: request.isbn13 }), score: round(score), matchedBy };
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function optionalText<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}

/** The verdict for one request from its candidates (any order) and the providers that were down. */
export function outcomeOf(candidates: readonly TBookCandidate[], down: ReadonlySet<TMetadataProvider> | undefined): TEnrichmentOutcome {
  const ranked = [...candidates].sort((a, b) => b.score - a.score);
  const best = ranked[0];
  const verdict = best ? classify(best.score) : 'not_found';
  const unavailable = [...(down ?? [])];
  // Nothing found while a provider was down is not a "not found": the book may be there.
  const status = verdict === 'not_found' && unavailable.length > 0 ? 'provider_unavailable' : verdict;
  return {
    status,
    score: best?.score ?? null,
    match: verdict === 'not_found' ? null : (best ?? null),
    candidates: verdict === 'needs_review' ? ranked.slice(1, 4) : [],
    unavailable,
  };
}
