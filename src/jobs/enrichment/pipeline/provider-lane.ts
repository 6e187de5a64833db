import { ProviderUnavailableError } from '../../../providers/errors.js';
import type { BookProvider, ProviderCall, ProviderRecord, SearchQuery } from '../../../providers/types.js';
import type { CachedLookups } from '../cached-lookups.js';

/** What a lane answers for one ISBN or one search: what was found, or that the provider was down. */
export type IsbnAnswer = ProviderRecord | null | 'unavailable';
export type SearchAnswer = ProviderRecord[] | 'unavailable';

/** Without a known rate (a test double) a lane runs this many calls at once, unpaced. */
const UNPACED_CONCURRENCY = 8;

/**
 * One provider's queue within a job: ISBN lookups (gathered into bulk calls) before searches,
 * dispatched no faster than the provider's rate, so the batch a call carries is chosen when its
 * turn comes rather than when it was queued. Cached answers never wait. Requests for an ISBN or
 * a search already queued or in flight join it instead of asking again.
 */
export class ProviderLane {
  readonly intervalMs: number;
  private readonly concurrency: number;
  /** Waiting for their turn, in arrival order; then in flight. A new request joins either. */
  private readonly queuedIsbns = new Map<string, ((answer: IsbnAnswer) => void)[]>();
  private readonly sendingIsbns = new Map<string, ((answer: IsbnAnswer) => void)[]>();
  private readonly queuedSearches = new Map<string, { query: SearchQuery; waiters: ((answer: SearchAnswer) => void)[] }>();
  private readonly sendingSearches = new Map<string, ((answer: SearchAnswer) => void)[]>();
  private readonly call: ProviderCall;
  private inFlight = 0;
  private nextSlotAt = 0;
  private sent = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private pumpQueued = false;
  /** While above 0 nothing is sent: requests are still being added and should share calls. */
  private held = 0;

  constructor(
    readonly provider: BookProvider,
    private readonly lookups: CachedLookups,
    call: ProviderCall,
    private readonly onError: (error: unknown) => void,
  ) {
    const rpm = provider.pace?.requestsPerMinute;
    this.intervalMs = rpm === undefined ? 0 : Math.ceil((60_000 / rpm) * 1.05);
    this.concurrency = provider.pace?.concurrency ?? UNPACED_CONCURRENCY;
    this.call = {
      ...call,
      onRequestSent: (name) => {
        this.sent++;
        call.onRequestSent?.(name);
      },
    };
  }

  /** Calls still to make for what is queued now, in-flight ones included. */
  get callsQueued(): number {
    return Math.ceil(this.queuedIsbns.size / this.provider.isbnBatchSize) + this.queuedSearches.size + this.inFlight;
  }

  /**
   * Answers from the cache, else queues the ISBN for the next bulk call. The cache is read with
   * the other lookups of the same turn (one query); until it answers, the ISBN is not yet queued.
   */
  lookupIsbn(isbn13: string, answer: (answer: IsbnAnswer) => void): void {
    this.lookups.peekIsbn(this.provider.name, isbn13).then((cached) => {
      if (cached !== undefined) return answer(cached);
      const waiters = this.sendingIsbns.get(isbn13) ?? this.queuedIsbns.get(isbn13);
      if (waiters) return void waiters.push(answer);
      this.queuedIsbns.set(isbn13, [answer]);
      this.pumpSoon();
    }, this.onError);
  }

  /** Answers from the cache, else queues the search (one call however many items ask the same). */
  search(query: SearchQuery, answer: (answer: SearchAnswer) => void): void {
    this.lookups.peekSearch(this.provider.name, query).then((cached) => {
      if (cached !== undefined) return answer(cached);
      const key = JSON.stringify([query.title?.toLowerCase(), query.author?.toLowerCase(), query.q?.toLowerCase(), query.limit]);
      const waiters = this.sendingSearches.get(key) ?? this.queuedSearches.get(key)?.waiters;
      if (waiters) return void waiters.push(answer);
      this.queuedSearches.set(key, { query, waiters: [answer] });
      this.pumpSoon();
    }, this.onError);
  }

  /**
   * Sends nothing until `release`: a list of requests entered over several turns of the event
   * loop (the pipeline yields while adding) still fills whole bulk calls, as when it was added at once.
   */
  hold(): void {
    this.held++;
  }

  release(): void {
    if (--this.held === 0 && (this.queuedIsbns.size > 0 || this.queuedSearches.size > 0)) this.pumpSoon();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** After the current burst of requests (a page of items is added at once), so they share calls. */
  private pumpSoon(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    while (!this.stopped && this.held === 0 && this.inFlight < this.concurrency && (this.queuedIsbns.size > 0 || this.queuedSearches.size > 0)) {
      const wait = this.nextSlotAt - Date.now();
      if (wait > 0) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      this.nextSlotAt = Date.now() + this.intervalMs;
      // Bulk ISBN calls first: one settles dozens of books; searches take the slots they leave.
      this.dispatch(this.queuedIsbns.size > 0 ? () => this.sendIsbnBatch() : () => this.sendSearch()).catch(this.onError);
    }
  }

  private async dispatch(send: () => Promise<void>): Promise<void> {
    this.inFlight++;
    const sentBefore = this.sent;
    try {
      await send();
    } catch (error: unknown) {
      this.stop();
      this.onError(error);
    } finally {
      this.inFlight--;
      // A call the breaker refused sent nothing: the next one need not wait for a rate slot.
      if (this.sent === sentBefore) this.nextSlotAt = Math.min(this.nextSlotAt, Date.now());
      this.pump();
    }
  }

  private async sendIsbnBatch(): Promise<void> {
    const batch: string[] = [];
    for (const [isbn, waiters] of this.queuedIsbns) {
      if (batch.length >= this.provider.isbnBatchSize) break;
      batch.push(isbn);
      this.queuedIsbns.delete(isbn);
      this.sendingIsbns.set(isbn, waiters);
    }
    let found: Map<string, ProviderRecord> | 'unavailable';
    try {
      found = await this.lookups.askIsbns(this.provider, batch, this.call);
    } catch (error: unknown) {
      if (!(error instanceof ProviderUnavailableError)) throw error;
      found = 'unavailable';
    }
    for (const isbn of batch) {
      const waiters = this.sendingIsbns.get(isbn) ?? [];
      this.sendingIsbns.delete(isbn);
      for (const answer of waiters) answer(found === 'unavailable' ? 'unavailable' : (found.get(isbn) ?? null));
    }
  }

  private async sendSearch(): Promise<void> {
    const [key, entry] = this.queuedSearches.entries().next().value ?? [];
    if (key === undefined || entry === undefined) return;
    this.queuedSearches.delete(key);
    this.sendingSearches.set(key, entry.waiters);
    let answer: SearchAnswer;
    try {
      answer = await this.lookups.askSearch(this.provider, entry.query, this.call);
    } catch (error: unknown) {
      if (!(error instanceof ProviderUnavailableError)) throw error;
      answer = 'unavailable';
    }
    const waiters = this.sendingSearches.get(key) ?? [];
    this.sendingSearches.delete(key);
    for (const waiter of waiters) waiter(answer);
  }
}
