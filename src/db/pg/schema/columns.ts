import { bigint } from 'drizzle-orm/pg-core';

/**
 * Epoch milliseconds, as the SQLite schema stores times: `bigint` read back as a JS number, so a
 * row has the same TypeScript type on both stores (ms since 1970 stay far below 2^53).
 */
export const epochMs = (name: string) => bigint(name, { mode: 'number' });
