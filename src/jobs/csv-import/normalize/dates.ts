import type { z } from 'zod';
import type { ZRead } from '../../../contract/imports.js';

type TRead = z.infer<typeof ZRead>;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number) => String(n).padStart(2, '0');

function ymd(y: number, m?: number, d?: number): string | null {
  if (y < 1000 || y > 2999) return null;
  if (m === undefined) return String(y);
  if (m < 1 || m > 12) return null;
  if (d === undefined) return `${y}-${pad(m)}`;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * A date as these exports write it, as `YYYY-MM-DD` (or `YYYY-MM` / `YYYY` when that is all there
 * is): `2024/10/10` (Goodreads, StoryGraph), `2007-04-16` (LibraryThing, ISO, with a time after
 * it), `Oct 10, 2024`, `10 October 2024`, `10.10.2024`, and `10/03/2024` read day-first unless
 * `monthFirst` (US spreadsheets) or the first number is over 12. Null when it is not a date.
 */
export function parseDate(raw: string | null, opts: { monthFirst?: boolean } = {}): string | null {
  if (raw === null) return null;
  const text = raw.trim().toLowerCase();
  if (text === '') return null;
  let m = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[t\s].*)?$/.exec(text);
  if (m) return ymd(Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s.*)?$/.exec(text);
  if (m) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const monthFirst = a > 12 ? false : b > 12 ? true : (opts.monthFirst ?? false);
    return monthFirst ? ymd(y, a, b) : ymd(y, b, a);
  }
  if (/^\d{4}$/.test(text)) return ymd(Number(text));
  const month = MONTHS.findIndex((name) => new RegExp(`(^|[^a-z])${name}[a-z]*\\.?($|[^a-z])`).test(text));
  const year = /\b(\d{4})\b/.exec(text)?.[1];
  if (month < 0 || year === undefined) return null;
  const day = /\b(\d{1,2})(?:st|nd|rd|th)?\b/.exec(text.replace(year, ''))?.[1];
  return ymd(Number(year), month + 1, day === undefined ? undefined : Number(day));
}

/**
 * StoryGraph's `Dates Read`: reads separated by commas, each `start-end` or a bare finish date
 * (`2023/05/23-2023/06/07, 2024/01/02`). ISO dates use hyphens too, so a range is split only where
 * a full date ends and another begins.
 */
export function parseReads(raw: string | null): TRead[] {
  if (raw === null) return [];
  const reads: TRead[] = [];
  for (const part of raw.split(/\s*[,;]\s*/)) {
    if (part.trim() === '') continue;
    const range = /^(.+?\d)\s*[-–]\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})$/.exec(part.trim());
    const started = range ? parseDate(range[1] ?? null) : null;
    const finished = range ? parseDate(range[2] ?? null) : parseDate(part);
    if (started !== null || finished !== null) reads.push({ started, finished });
  }
  return reads;
}
