import type { TBookCandidate, TEnrichmentOutcome, TMetadataProvider } from '../../contract/books.js';
import type { ProviderRecord, SearchQuery } from '../../providers/types.js';
import { mergeRecords } from './merge.js';
import { classify, scoreCandidate } from './score.js';

/** One book to find: what the user has. */
export interface EnrichmentRequest {
  index: number;
  title?: string;
  author?: string;
  isbn13?: string;
  year?: number;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Records of one book merged into a candidate, scored by its best record against the request. */
export function candidateOf(records: readonly ProviderRecord[], request: EnrichmentRequest, matchedBy: 'isbn' | 'search'): TBookCandidate {
  const score = Math.max(...records.map((r) => scoreCandidate(request, r).score));
  return { ...mergeRecords(records, request.isbn13 === undefined ? {} : { matchedByIsbn: request.isbn13 }), score: round(score), matchedBy };
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

/** Removes what exports append to titles ("(The Expanse, #1)") before it is sent as a search. */
const searchTitle = (title: string) => title.replace(/\s*[([][^)\]]*#\s*\d[^)\]]*[)\]]\s*$/, '').trim();

/**
 * The first author in the display form a search engine wants. Lists are split at ";" and "&"
 * only: " and " belongs to names such as "U.S. Citizenship and Immigration Services". "Last,
 * First" is turned round only when it is one person, both sides a few words at most.
 */
function searchAuthor(author: string | undefined): string | undefined {
  const first = author?.split(/\s*[;&]\s*/)[0]?.replace(/\s+/g, ' ').trim();
  if (!first) return undefined;
  const parts = first.split(',').map((p) => p.trim());
  const onePerson = parts.length === 2 && parts.every((p) => p !== '' && p.split(' ').length <= 3);
  return onePerson ? `${parts[1]} ${parts[0]}` : first;
}

/** The title/author search for a request, or undefined when it has neither. */
export function searchQueryOf(request: EnrichmentRequest, limit: number): SearchQuery | undefined {
  const title = request.title === undefined ? '' : searchTitle(request.title);
  const author = searchAuthor(request.author) ?? '';
  if (title === '' && author === '') return undefined;
  return { ...(title ? { title } : {}), ...(author ? { author } : {}), limit };
}

/** What was looked up for a request, for the `why` of a `not_found` item. */
export function describeLookup(request: EnrichmentRequest, providers: readonly string[]): string {
  const by = [
    ...(request.isbn13 !== undefined ? [`ISBN ${request.isbn13}`] : []),
    ...(request.title !== undefined || request.author !== undefined
      ? [[request.title !== undefined ? `title "${request.title}"` : '', request.author !== undefined ? `author "${request.author}"` : ''].filter(Boolean).join(' and ')]
      : []),
  ];
  if (by.length === 0) return 'nothing to look up: the row has no ISBN, title or author';
  if (providers.length === 0) return `${by.join(' and ')} not looked up: no metadata provider is configured`;
  return `no match for ${by.join(', or ')} at ${providers.join(', ')}`;
}
