import type { TBookCandidate, TEnrichmentOutcome, TMetadataProvider } from '../../../contract/books.js';
import type { BookProvider, ProviderCall, ProviderRecord, SearchQuery } from '../../../providers/types.js';
import type { CachedLookups } from '../cached-lookups.js';
import { candidateOf, describeLookup, outcomeOf, searchQueryOf, type EnrichmentRequest } from '../candidate.js';
import { groupRecords } from '../merge.js';
import { PROVIDER_LABELS } from '../provider-labels.js';
import { classify } from '../score.js';
import { YieldTimer } from '../../yield-timer.js';
import { estimateRemaining, waitingMessage, type StageLoad } from './estimate.js';
import { ProviderLane, type IsbnAnswer, type SearchAnswer } from './provider-lane.js';

/** Called once per request, as soon as its outcome is final; `lookedUp` says what was asked for. */
export type OutcomeListener = (index: number, outcome: TEnrichmentOutcome, lookedUp: string) => void;

/** Where one request is along the chain, and what it has gathered so far. */
interface Tracked {
  request: EnrichmentRequest;
  query: SearchQuery | undefined;
  stage: number;
  byIsbn: TBookCandidate | undefined;
  pool: ProviderRecord[];
  found: TBookCandidate[];
  down: Set<TMetadataProvider>;
}

/**
 * Every request walks one chain: its ISBN at each provider in fallback order until one knows it,
 * then (unless that settled it) a title/author search at each provider until one matches. Each
 * provider has its own lane and works at its own pace, so while OpenLibrary answers the next
 * batch, the books it missed already wait in Google Books' queue: the wall time approaches the
 * busiest provider's share instead of the sum of all of them.
 */
export class LookupPipeline {
  private readonly lanes: ProviderLane[];
  private readonly stages: StageLoad[];
  /** The providers as a `not_found` reason names them. */
  private readonly providerLabels: string[];
  private outstanding = 0;
  private failed: Error | undefined;
  private readonly settledWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private readonly onAbort = () => this.fail(this.call.signal.reason);
  /** Requests sent upstream by this pipeline, retries included. */
  requestsSent = 0;

  constructor(
    providers: readonly BookProvider[],
    lookups: CachedLookups,
    private readonly call: ProviderCall,
    private readonly searchLimit: number,
    private readonly onOutcome: OutcomeListener,
  ) {
    const counted: ProviderCall = {
      ...call,
      onRequestSent: (name) => {
        this.requestsSent++;
        call.onRequestSent?.(name);
      },
    };
    this.lanes = providers.map((p) => new ProviderLane(p, lookups, counted, (error) => this.fail(error)));
    const stage = (kind: 'isbn' | 'search') => (p: BookProvider): StageLoad => ({ provider: p.name, kind, waiting: 0, answered: 0, passedOn: 0, perCall: kind === 'isbn' ? p.isbnBatchSize : 1 });
    this.stages = [...providers.map(stage('isbn')), ...providers.map(stage('search'))];
    this.providerLabels = providers.map((p) => PROVIDER_LABELS[p.name]);
    call.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * Starts looking up `requests`; outcomes come through the listener. Cached answers settle a
   * request synchronously, so a list that is all cached would run start to end in one go: every
   * ~8 ms it yields to the event loop instead. The returned promise resolves once every request
   * has entered (awaiting it is optional: `settled()` already counts them all).
   */
  add(requests: readonly EnrichmentRequest[]): Promise<void> {
    this.outstanding += requests.length;
    return this.enterAll(requests).catch((error: unknown) => this.fail(error));
  }

  private async enterAll(requests: readonly EnrichmentRequest[]): Promise<void> {
    const timer = new YieldTimer();
    for (const lane of this.lanes) lane.hold();
    try {
      for (const request of requests) {
        if (this.failed !== undefined) return;
        const tracked: Tracked = { request, query: searchQueryOf(request, this.searchLimit), stage: -1, byIsbn: undefined, pool: [], found: [], down: new Set() };
        this.enter(tracked, request.isbn13 !== undefined ? 0 : this.lanes.length);
        if (timer.due) await timer.yield();
      }
    } finally {
      for (const lane of this.lanes) lane.release();
    }
  }

  /** Resolves when every request added so far has its outcome; rejects on abort or a fault. */
  settled(): Promise<void> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.settledWaiters.push({ resolve, reject }));
  }

  /** Calls still expected, the time they take, and what the job waits on. */
  estimate(): { etaMs: number; message: string | undefined } {
    const paces = this.lanes.map((l) => ({ provider: l.provider.name, intervalMs: l.intervalMs, requestsPerMinute: l.provider.pace?.requestsPerMinute }));
    const estimate = estimateRemaining(this.stages, paces);
    return { etaMs: estimate.etaMs, message: waitingMessage(estimate, paces) };
  }

  /** Moves a request to `stage` (skipping what it cannot do there), or finishes it past the end. */
  private enter(t: Tracked, stage: number): void {
    if (this.failed !== undefined) return;
    const n = this.lanes.length;
    if (stage < n && t.request.isbn13 === undefined) stage = n;
    if (stage >= n && t.query === undefined) stage = 2 * n;
    if (stage >= 2 * n) return this.finish(t);
    t.stage = stage;
    const load = this.stages[stage];
    if (load) load.waiting++;
    const lane = this.lanes[stage % n];
    if (!lane) return this.finish(t);
    if (stage < n && t.request.isbn13 !== undefined) lane.lookupIsbn(t.request.isbn13, (answer) => this.afterIsbn(t, stage, answer));
    else if (t.query) lane.search(t.query, (answer) => this.afterSearch(t, stage, answer));
  }

  private afterIsbn(t: Tracked, stage: number, answer: IsbnAnswer): void {
    const provider = this.lanes[stage]?.provider.name;
    if (answer === 'unavailable' && provider) t.down.add(provider);
    if (answer !== null && answer !== 'unavailable') {
      t.byIsbn = candidateOf([answer], t.request, 'isbn');
      // Known by ISBN: no other provider is asked for it; a doubtful match still gets a search.
      return this.leave(t, stage, classify(t.byIsbn.score) === 'matched' ? Infinity : this.lanes.length);
    }
    this.leave(t, stage, stage + 1);
  }

  private afterSearch(t: Tracked, stage: number, answer: SearchAnswer): void {
    const provider = this.lanes[stage - this.lanes.length]?.provider.name;
    if (answer === 'unavailable') {
      if (provider) t.down.add(provider);
    } else {
      t.pool.push(...answer);
      t.found = groupRecords(t.pool).map((group) => candidateOf(group, t.request, 'search'));
    }
    this.leave(t, stage, t.found.some((c) => classify(c.score) === 'matched') ? Infinity : stage + 1);
  }

  private leave(t: Tracked, stage: number, next: number): void {
    const load = this.stages[stage];
    if (load) {
      load.waiting--;
      load.answered++;
      if (next === stage + 1) load.passedOn++;
    }
    this.enter(t, next);
  }

  private finish(t: Tracked): void {
    const outcome = outcomeOf(t.byIsbn ? [t.byIsbn, ...t.found] : t.found, t.down);
    try {
      this.onOutcome(t.request.index, outcome, describeLookup(t.request, this.providerLabels));
    } catch (error: unknown) {
      return this.fail(error);
    }
    if (--this.outstanding === 0) for (const w of this.settledWaiters.splice(0)) w.resolve();
  }

  private fail(error: unknown): void {
    if (this.failed !== undefined) return;
    this.failed = error instanceof Error ? error : new Error(`lookup stopped: ${String(error)}`);
    for (const lane of this.lanes) lane.stop();
    this.call.signal.removeEventListener('abort', this.onAbort);
    for (const w of this.settledWaiters.splice(0)) w.reject(this.failed);
  }

  /** Stops the lanes' timers once the caller is done with the pipeline. */
  close(): void {
    for (const lane of this.lanes) lane.stop();
    this.call.signal.removeEventListener('abort', this.onAbort);
  }
}
