import type pg from 'pg';

/** The database's clock in epoch ms, so every process reserves against one clock. */
const NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/**
 * Slot reservation for provider pacing across processes (`SharedPace` in src/providers): one row
 * per provider holds its next free slot. A reservation is one upsert that takes the later of that
 * slot and now, and moves the row one spacing on; it answers how long the caller must wait. A dead
 * process wastes only the slots it reserved; a 429 pushes the row for everyone.
 */
export function postgresProviderPace(pool: pg.Pool): { reserve(provider: string, spacingMs: number): Promise<number>; holdBack(provider: string, delayMs: number): Promise<void> } {
  return {
    async reserve(provider, spacingMs) {
      const result = await pool.query<{ wait_ms: string }>(
        `INSERT INTO provider_pace AS p (provider, next_at) VALUES ($1, ${NOW_MS} + $2)
         ON CONFLICT (provider) DO UPDATE SET next_at = GREATEST(p.next_at, ${NOW_MS}) + $2
         RETURNING (next_at - $2 - ${NOW_MS})::text AS wait_ms`,
        [provider, Math.ceil(spacingMs)],
      );
      return Math.max(0, Number(result.rows[0]?.wait_ms ?? 0));
    },
    async holdBack(provider, delayMs) {
      await pool.query(
        `INSERT INTO provider_pace AS p (provider, next_at) VALUES ($1, ${NOW_MS} + $2)
         ON CONFLICT (provider) DO UPDATE SET next_at = GREATEST(p.next_at, ${NOW_MS} + $2)`,
        [provider, Math.ceil(delayMs)],
      );
    },
  };
}
