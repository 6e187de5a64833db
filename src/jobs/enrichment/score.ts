import { yearOf } from '../../providers/dates.js';
import type { ProviderRecord } from '../../providers/types.js';
import { authorSimilarity, titleSimilarity } from './similarity.js';

/** Score thresholds: at or above `matched` the match is taken; at or above `review` a person decides. */
export const MATCH_THRESHOLDS = { matched: 0.8, review: 0.5 } as const;

export interface MatchQuery {
  title?: string;
  author?: string;
  isbn13?: string;
  year?: number;
}

const clamp = (n: number) => Math.min(1, Math.max(0, n));

/** An author similarity this high is the same person ("Goldratt, Eliyahu M." and "Eliyahu M. Goldratt"). */
const AUTHOR_AGREES = 0.85;

/**
 * How sure we are that `record` is the book the user means, 0..1: ISBN equality counts most (but
 * an ISBN whose title disagrees goes to review unless an author agrees), then title and author
 * similarity, nudged by the year.
 */
export function scoreCandidate(query: MatchQuery, record: ProviderRecord): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  const title = query.title === undefined ? undefined : titleSimilarity(query.title, record.title, record.subtitle);
  const author = query.author === undefined || record.authors.length === 0 ? undefined : authorSimilarity(query.author, record.authors);
  if (title !== undefined) reasons.push(`title ${title.toFixed(2)}`);
  if (author !== undefined) reasons.push(`author ${author.toFixed(2)}`);
  let score: number;
  if (query.isbn13 !== undefined && record.isbn13s.includes(query.isbn13)) {
    reasons.push('isbn');
    score = title === undefined || title >= 0.35 ? 0.9 + 0.1 * (title ?? 1) : isbnWithOtherTitle(author, reasons);
  } else if (title !== undefined) {
    score = author !== undefined ? 0.65 * title + 0.35 * author : 0.85 * title;
  } else {
    score = author === undefined ? 0 : 0.5 * author;
  }
  const recordYear = yearOf(record.publishedDate);
  if (query.year !== undefined && recordYear !== undefined) {
    const gap = Math.abs(query.year - recordYear);
    reasons.push(`year ±${gap}`);
    if (gap <= 1) score += 0.05;
    else if (gap > 5) score -= 0.05;
  }
  return { score: clamp(score), reasons };
}

/**
 * An equal ISBN whose title disagrees: a typo'd ISBN that finds another book (review), or the
 * right book under a title full of edition noise ("The Goal 3th (third) edition Text Only"),
 * which an agreeing author tells apart (a match; the user's own title stays in the item's input).
 */
function isbnWithOtherTitle(author: number | undefined, reasons: string[]): number {
  if (author !== undefined && author >= AUTHOR_AGREES) {
    reasons.push('isbn and author agree; the title differs');
    return 0.85;
  }
  reasons.push('isbn finds another title');
  return 0.55;
}

export function classify(score: number, thresholds: { matched: number; review: number } = MATCH_THRESHOLDS): 'matched' | 'needs_review' | 'not_found' {
  if (score >= thresholds.matched) return 'matched';
  if (score >= thresholds.review) return 'needs_review';
  return 'not_found';
}
