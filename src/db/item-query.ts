import { sql, type SQL } from 'drizzle-orm';
import type { AnyColumn } from 'drizzle-orm';
import type { TItemStatus } from '../contract/job-status.js';

/** A page of a job's items: index order after `afterIndex`, optionally narrowed. */
export interface ItemPageQuery {
  afterIndex: number;
  limit: number;
  status?: TItemStatus | undefined;
  /** Only items whose search text contains every one of these words (folded by the caller). */
  search?: readonly string[] | undefined;
}

/**
 * `column` contains each of `words` as a substring; LIKE's wildcards in a word match only
 * themselves. Same SQL in both dialects.
 */
export function containsWords(column: AnyColumn, words: readonly string[]): SQL {
  const likes = words.map((w) => sql`${column} LIKE ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`);
  return sql.join(likes, sql` AND `);
}
