import type { TMetadataProvider } from '../../../contract/books.js';
import { PROVIDER_LABELS } from '../provider-labels.js';

/** One stage of the lookup chain as it stands: ISBN or search, at one provider. */
export interface StageLoad {
  provider: TMetadataProvider;
  kind: 'isbn' | 'search';
  /** Items at this stage now (queued or in flight). */
  waiting: number;
  /** Items this stage has answered so far, and how many of those went on to the next stage. */
  answered: number;
  passedOn: number;
  /** Items one call carries (ISBN batches); 1 for searches. */
  perCall: number;
}

/** A provider's pace: the minimum spacing of its calls. */
export interface LanePace {
  provider: TMetadataProvider;
  intervalMs: number;
  requestsPerMinute: number | undefined;
}

export interface Estimate {
  /** Calls still expected per provider. */
  calls: Partial<Record<TMetadataProvider, number>>;
  /** Time the busiest provider needs for its calls at its rate. */
  etaMs: number;
  /** The provider whose rate the job waits on, when one does. */
  busiest: TMetadataProvider | undefined;
}

/**
 * The calls still to make, stage by stage along the chain every item walks (ISBN at each
 * provider, then search at each), and the time they take at each provider's rate. Items that
 * have not reached a stage arrive there in the proportion earlier items were passed on
 * (Laplace-smoothed, so an unseen stage counts half). Providers work in parallel: the estimate
 * is the busiest provider's time, not the sum.
 */
export function estimateRemaining(stages: readonly StageLoad[], lanes: readonly LanePace[]): Estimate {
  const calls: Partial<Record<TMetadataProvider, number>> = {};
  let reaching = 0;
  for (const stage of stages) {
    const arriving = reaching + stage.waiting;
    calls[stage.provider] = (calls[stage.provider] ?? 0) + Math.ceil(arriving / stage.perCall);
    reaching = arriving * ((stage.passedOn + 1) / (stage.answered + 2));
  }
  let etaMs = 0;
  let busiest: TMetadataProvider | undefined;
  for (const lane of lanes) {
    const ms = (calls[lane.provider] ?? 0) * lane.intervalMs;
    if (ms > etaMs) [etaMs, busiest] = [ms, lane.provider];
  }
  return { calls, etaMs: Math.round(etaMs), busiest };
}

/** "waiting for Google Books: 60 requests a minute, about 412 calls to go", or undefined. */
export function waitingMessage(estimate: Estimate, lanes: readonly LanePace[]): string | undefined {
  const lane = lanes.find((l) => l.provider === estimate.busiest);
  if (!lane?.requestsPerMinute) return undefined;
  const calls = estimate.calls[lane.provider] ?? 0;
  return `waiting for ${PROVIDER_LABELS[lane.provider]}: ${lane.requestsPerMinute} requests a minute, about ${calls} call${calls === 1 ? '' : 's'} to go`;
}
