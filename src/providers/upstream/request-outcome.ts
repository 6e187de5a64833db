import type { ProviderOutcome } from '../../telemetry.js';

/** What an HTTP status says about a request, for the metrics (`ProviderOutcome`). */
export function outcomeOfStatus(status: number): ProviderOutcome {
  if (status === 404) return 'miss';
  if (status >= 200 && status < 300) return 'ok';
  if (status === 408) return 'timeout';
  if (status === 429) return '429';
  if (status >= 500) return '5xx';
  return '4xx';
}

/** Seconds since `startedAt` (a `performance.now()` reading). */
export function secondsSince(startedAt: number): number {
  return (performance.now() - startedAt) / 1000;
}
