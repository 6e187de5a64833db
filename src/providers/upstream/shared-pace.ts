/**
 * Pacing shared by every process that calls a provider (PostgreSQL mode: one row per provider).
 * Each process reserves the next slot before it sends, so N workers together keep to the
 * provider's one rate instead of each keeping to it (N times over) or to a share of it (a dead
 * worker's share lost). A 429's `Retry-After` pushes the next slot back for everyone.
 */
export interface SharedPace {
  /** Reserves the provider's next send slot, `spacingMs` after the last; answers how long to wait for it. */
  reserve(provider: string, spacingMs: number): Promise<number>;
  /** Nobody sends to `provider` for the next `delayMs` (its 429 said so). */
  holdBack(provider: string, delayMs: number): Promise<void>;
}
